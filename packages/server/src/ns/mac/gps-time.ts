/**
 * UTC <-> GPS time. GPS time has no leap seconds: it ran 18 s ahead of UTC from 2017-01-01
 * (IERS Bulletin C); DeviceTimeAns carries GPS time [L2 1.0.4 §5.9].
 */

/** 1980-01-06T00:00:00Z, the GPS epoch, in Unix ms. */
export const GPS_EPOCH_UNIX_MS = Date.UTC(1980, 0, 6);

/** Unix ms from which GPS - UTC is the given number of seconds (IERS leap seconds). */
const LEAP_SECONDS: readonly (readonly [number, number])[] = [
  [Date.UTC(1981, 6, 1), 1],
  [Date.UTC(1982, 6, 1), 2],
  [Date.UTC(1983, 6, 1), 3],
  [Date.UTC(1985, 6, 1), 4],
  [Date.UTC(1988, 0, 1), 5],
  [Date.UTC(1990, 0, 1), 6],
  [Date.UTC(1991, 0, 1), 7],
  [Date.UTC(1992, 6, 1), 8],
  [Date.UTC(1993, 6, 1), 9],
  [Date.UTC(1994, 6, 1), 10],
  [Date.UTC(1996, 0, 1), 11],
  [Date.UTC(1997, 6, 1), 12],
  [Date.UTC(1999, 0, 1), 13],
  [Date.UTC(2006, 0, 1), 14],
  [Date.UTC(2009, 0, 1), 15],
  [Date.UTC(2012, 6, 1), 16],
  [Date.UTC(2015, 6, 1), 17],
  [Date.UTC(2017, 0, 1), 18],
];

/** GPS - UTC in seconds at a UTC instant (0 before the first leap second after 1980). */
export function gpsLeapSecondsAt(utcMs: number): number {
  let offset = 0;
  for (const [fromMs, seconds] of LEAP_SECONDS) {
    if (utcMs < fromMs) break;
    offset = seconds;
  }
  return offset;
}

/** Ms since the GPS epoch for a UTC instant in Unix ms. */
export function utcMsToGpsMs(utcMs: number): number {
  return utcMs - GPS_EPOCH_UNIX_MS + gpsLeapSecondsAt(utcMs) * 1000;
}
