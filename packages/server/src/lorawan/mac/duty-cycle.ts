/** DutyCycleReq / DutyCycleAns: caps the device's aggregated duty cycle [L2 1.0.4 §5.3]. */
import { MacCid } from './cid.js';
import { checkInt, defineCodec, octet } from './codec-kit.js';

/** Downlink: aggregated duty cycle limited to 1 / 2^maxDutyCycle. */
export interface DutyCycleReq {
  readonly name: 'DutyCycleReq';
  /** MaxDCycle 0..15; 0 = no limit beyond the regional one. */
  readonly maxDutyCycle: number;
}

/** Uplink acknowledgement, no payload. */
export interface DutyCycleAns {
  readonly name: 'DutyCycleAns';
}

export const dutyCycleReqCodec = defineCodec<DutyCycleReq>(
  'DutyCycleReq',
  MacCid.DutyCycle,
  'down',
  // Bits 7:4 of DutyCyclePL are RFU and ignored.
  (p) => ({ name: 'DutyCycleReq', maxDutyCycle: octet(p, 0) & 0x0f }),
  (cmd, out) => {
    out[0] = checkInt(cmd.name, 'maxDutyCycle', cmd.maxDutyCycle, 0, 15);
  },
);

export const dutyCycleAnsCodec = defineCodec<DutyCycleAns>(
  'DutyCycleAns',
  MacCid.DutyCycle,
  'up',
  () => ({ name: 'DutyCycleAns' }),
  () => undefined,
);
