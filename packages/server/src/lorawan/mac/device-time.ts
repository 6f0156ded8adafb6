/** DeviceTimeReq / DeviceTimeAns: the network tells the device the GPS time [L2 1.0.4 §5.9]. */
import { LorawanEncodeError } from '../errors.js';
import { MacCid } from './cid.js';
import { checkInt, defineCodec, octet } from './codec-kit.js';

/** Uplink, no payload: the device asks for the network time. */
export interface DeviceTimeReq {
  readonly name: 'DeviceTimeReq';
}

/**
 * Downlink answer: GPS time at the end of the uplink that carried DeviceTimeReq, kept as the
 * two wire fields so that decode/encode is lossless (1/256 s is not a whole number of ms).
 */
export interface DeviceTimeAns {
  readonly name: 'DeviceTimeAns';
  /** Whole seconds since the GPS epoch (1980-01-06T00:00:00Z, no leap seconds), uint32. */
  readonly gpsTimeS: number;
  /** Fraction of a second in 1/256 s steps, 0..255. */
  readonly gpsTimeFraction256: number;
}

export const deviceTimeReqCodec = defineCodec<DeviceTimeReq>(
  'DeviceTimeReq',
  MacCid.DeviceTime,
  'up',
  () => ({ name: 'DeviceTimeReq' }),
  () => undefined,
);

export const deviceTimeAnsCodec = defineCodec<DeviceTimeAns>(
  'DeviceTimeAns',
  MacCid.DeviceTime,
  'down',
  (p) => ({
    name: 'DeviceTimeAns',
    gpsTimeS: (octet(p, 0) | (octet(p, 1) << 8) | (octet(p, 2) << 16) | (octet(p, 3) << 24)) >>> 0,
    gpsTimeFraction256: octet(p, 4),
  }),
  (cmd, out) => {
    out.writeUInt32LE(checkInt(cmd.name, 'gpsTimeS', cmd.gpsTimeS, 0, 0xffffffff), 0);
    out[4] = checkInt(cmd.name, 'gpsTimeFraction256', cmd.gpsTimeFraction256, 0, 255);
  },
);

/**
 * DeviceTimeAns for a GPS time in ms since the GPS epoch, rounded down to 1/256 s. Converting
 * from UTC (leap seconds) is the caller's job.
 */
export function deviceTimeAnsFromGpsMs(gpsTimeMs: number): DeviceTimeAns {
  if (!Number.isFinite(gpsTimeMs) || gpsTimeMs < 0 || gpsTimeMs >= 2 ** 32 * 1000) {
    throw new LorawanEncodeError('DeviceTimeAns gps time out of the 32-bit seconds range', {
      command: 'DeviceTimeAns',
      field: 'gpsTimeMs',
      value: gpsTimeMs,
    });
  }
  // Counting whole 1/256 s steps first keeps seconds and fraction consistent (< 2^53).
  const steps = Math.floor((gpsTimeMs * 256) / 1000);
  return {
    name: 'DeviceTimeAns',
    gpsTimeS: Math.floor(steps / 256),
    gpsTimeFraction256: steps % 256,
  };
}

/** The GPS time in ms since the GPS epoch that a DeviceTimeAns carries. */
export function gpsMsFromDeviceTimeAns(ans: DeviceTimeAns): number {
  return ans.gpsTimeS * 1000 + (ans.gpsTimeFraction256 * 1000) / 256;
}
