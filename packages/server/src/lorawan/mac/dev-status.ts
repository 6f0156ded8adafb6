/** DevStatusReq / DevStatusAns: battery level and demodulation margin [L2 1.0.4 §5.5]. */
import { MacCid } from './cid.js';
import { checkInt, defineCodec, octet } from './codec-kit.js';

/** Downlink, no payload: asks for the device status. */
export interface DevStatusReq {
  readonly name: 'DevStatusReq';
}

/** Uplink answer with battery and radio status. */
export interface DevStatusAns {
  readonly name: 'DevStatusAns';
  /** 0 = external power, 1..254 = battery level (1 min, 254 max), 255 = cannot measure. */
  readonly battery: number;
  /** SNR margin of the last DevStatusReq, -32..31 dB (6-bit two's complement). */
  readonly marginDb: number;
}

/** Battery value meaning the device runs on external power [L2 1.0.4 §5.5]. */
export const BATTERY_EXTERNAL_POWER = 0;
/** Battery value meaning the device could not measure its level [L2 1.0.4 §5.5]. */
export const BATTERY_UNKNOWN = 255;

export const devStatusReqCodec = defineCodec<DevStatusReq>(
  'DevStatusReq',
  MacCid.DevStatus,
  'down',
  () => ({ name: 'DevStatusReq' }),
  () => undefined,
);

export const devStatusAnsCodec = defineCodec<DevStatusAns>(
  'DevStatusAns',
  MacCid.DevStatus,
  'up',
  (p) => {
    // Bits 7:6 of RadioStatus are RFU; the low 6 bits are signed.
    const raw = octet(p, 1) & 0x3f;
    return { name: 'DevStatusAns', battery: octet(p, 0), marginDb: raw >= 32 ? raw - 64 : raw };
  },
  (cmd, out) => {
    out[0] = checkInt(cmd.name, 'battery', cmd.battery, 0, 255);
    out[1] = checkInt(cmd.name, 'marginDb', cmd.marginDb, -32, 31) & 0x3f;
  },
);
