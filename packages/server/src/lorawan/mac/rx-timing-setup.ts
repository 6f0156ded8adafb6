/** RXTimingSetupReq / RXTimingSetupAns: delay from uplink end to RX1 [L2 1.0.4 §5.7]. */
import { MacCid } from './cid.js';
import { checkInt, defineCodec, octet } from './codec-kit.js';

/** Downlink: new RX1 delay (RX2 follows one second later). */
export interface RxTimingSetupReq {
  readonly name: 'RXTimingSetupReq';
  /**
   * RX1 delay in seconds, 1..15. On the wire Del = 0 also means 1 s; it decodes to 1 and is
   * re-encoded as Del = 1, which the device reads the same way.
   */
  readonly delayS: number;
}

/** Uplink acknowledgement, no payload. */
export interface RxTimingSetupAns {
  readonly name: 'RXTimingSetupAns';
}

export const rxTimingSetupReqCodec = defineCodec<RxTimingSetupReq>(
  'RXTimingSetupReq',
  MacCid.RxTimingSetup,
  'down',
  // Bits 7:4 of Settings are RFU and ignored.
  (p) => ({ name: 'RXTimingSetupReq', delayS: Math.max(1, octet(p, 0) & 0x0f) }),
  (cmd, out) => {
    out[0] = checkInt(cmd.name, 'delayS', cmd.delayS, 1, 15);
  },
);

export const rxTimingSetupAnsCodec = defineCodec<RxTimingSetupAns>(
  'RXTimingSetupAns',
  MacCid.RxTimingSetup,
  'up',
  () => ({ name: 'RXTimingSetupAns' }),
  () => undefined,
);
