/** LinkCheckReq / LinkCheckAns: the device asks whether the network hears it [L2 1.0.4 §5.1]. */
import { MacCid } from './cid.js';
import { checkInt, defineCodec, octet } from './codec-kit.js';

/** Uplink, no payload: the device asks for a link check. */
export interface LinkCheckReq {
  readonly name: 'LinkCheckReq';
}

/** Downlink answer to LinkCheckReq. */
export interface LinkCheckAns {
  readonly name: 'LinkCheckAns';
  /** Demodulation margin of the LinkCheckReq above the floor, 0..254 dB (255 reserved). */
  readonly marginDb: number;
  /** Number of gateways that received the LinkCheckReq, 0..255. */
  readonly gwCnt: number;
}

export const linkCheckReqCodec = defineCodec<LinkCheckReq>(
  'LinkCheckReq',
  MacCid.LinkCheck,
  'up',
  () => ({ name: 'LinkCheckReq' }),
  () => undefined,
);

export const linkCheckAnsCodec = defineCodec<LinkCheckAns>(
  'LinkCheckAns',
  MacCid.LinkCheck,
  'down',
  (p) => ({ name: 'LinkCheckAns', marginDb: octet(p, 0), gwCnt: octet(p, 1) }),
  (cmd, out) => {
    // [L2 1.0.4 §5.1] Margin is 0..254; 255 is not a value the network may send.
    out[0] = checkInt(cmd.name, 'marginDb', cmd.marginDb, 0, 254);
    out[1] = checkInt(cmd.name, 'gwCnt', cmd.gwCnt, 0, 255);
  },
);
