/** TxParamSetupReq / TxParamSetupAns: dwell-time limits and max EIRP [L2 1.0.4 §5.8]. */
import { MacCid } from './cid.js';
import { bit, checkInt, defineCodec, flag, octet } from './codec-kit.js';

/** Downlink: only for regions that regulate dwell time (e.g. AS923), never EU868/US915. */
export interface TxParamSetupReq {
  readonly name: 'TxParamSetupReq';
  /** True = downlink dwell time limited to 400 ms; false = no limit. */
  readonly downlinkDwellTime400ms: boolean;
  /** True = uplink dwell time limited to 400 ms; false = no limit. */
  readonly uplinkDwellTime400ms: boolean;
  /** MaxEIRP index 0..15 into MAX_EIRP_INDEX_DBM. */
  readonly maxEirpIndex: number;
}

/** Uplink acknowledgement, no payload. */
export interface TxParamSetupAns {
  readonly name: 'TxParamSetupAns';
}

/** MaxEIRP index -> dBm [L2 1.0.4 §5.8]. */
export const MAX_EIRP_INDEX_DBM: readonly number[] = [
  8, 10, 12, 13, 14, 16, 18, 20, 21, 24, 26, 27, 29, 30, 33, 36,
];

export const txParamSetupReqCodec = defineCodec<TxParamSetupReq>(
  'TxParamSetupReq',
  MacCid.TxParamSetup,
  'down',
  (p) => {
    // Bits 7:6 of EIRP_DwellTime are RFU and ignored.
    const v = octet(p, 0);
    return {
      name: 'TxParamSetupReq',
      downlinkDwellTime400ms: bit(v, 5),
      uplinkDwellTime400ms: bit(v, 4),
      maxEirpIndex: v & 0x0f,
    };
  },
  (cmd, out) => {
    out[0] =
      flag(cmd.downlinkDwellTime400ms, 5) |
      flag(cmd.uplinkDwellTime400ms, 4) |
      checkInt(cmd.name, 'maxEirpIndex', cmd.maxEirpIndex, 0, 15);
  },
);

export const txParamSetupAnsCodec = defineCodec<TxParamSetupAns>(
  'TxParamSetupAns',
  MacCid.TxParamSetup,
  'up',
  () => ({ name: 'TxParamSetupAns' }),
  () => undefined,
);
