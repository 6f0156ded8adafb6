/** DeviceTimeReq -> DeviceTimeAns: the network's GPS time at the uplink [L2 1.0.4 §5.9]. */
import { deviceTimeAnsFromGpsMs } from '../../lorawan/index.js';
import type { DeviceTimeReq } from '../../lorawan/index.js';
import { utcMsToGpsMs } from './gps-time.js';
import type { MacHandler, MacUplink } from './types.js';

/**
 * The GPS time of the uplink: a gateway's GPS timestamp (best copy first), else a gateway's
 * UTC time, else this node's clock when the first copy arrived, converted to GPS.
 */
export function uplinkGpsTimeMs(uplink: MacUplink): number {
  for (const copy of uplink.copies) {
    if (copy.rxInfo.gpsTimeMs !== undefined) return copy.rxInfo.gpsTimeMs;
  }
  for (const copy of uplink.copies) {
    if (copy.rxInfo.timeMs !== undefined) return utcMsToGpsMs(copy.rxInfo.timeMs);
  }
  return utcMsToGpsMs(uplink.receivedMs);
}

/** DeviceTimeAns carries uint32 GPS seconds: 1980-01-06 to 2116. */
const MAX_GPS_MS = 2 ** 32 * 1000;

/** Answers with the uplink's GPS time; a clock outside the GPS range gets no answer. */
export const handleDeviceTimeReq: MacHandler<DeviceTimeReq> = (session, _cmd, uplink) => {
  const gpsTimeMs = uplinkGpsTimeMs(uplink);
  if (!(gpsTimeMs >= 0 && gpsTimeMs < MAX_GPS_MS)) {
    return {
      session,
      answers: [],
      notes: [{ kind: 'unanswerable', command: 'DeviceTimeReq', reason: 'time outside gps range' }],
    };
  }
  return { session, answers: [deviceTimeAnsFromGpsMs(gpsTimeMs)], notes: [] };
};
