import { describe, expect, it } from 'vitest';
import { GPS_EPOCH_UNIX_MS, gpsLeapSecondsAt, utcMsToGpsMs } from './gps-time.js';

const UTC_2026 = Date.UTC(2026, 0, 1);

describe('GPS time', () => {
  it.each([
    { utc: '1980-01-06T00:00:00Z', leap: 0 },
    { utc: '1981-06-30T23:59:59Z', leap: 0 },
    { utc: '1981-07-01T00:00:00Z', leap: 1 },
    { utc: '2016-12-31T23:59:59Z', leap: 17 },
    { utc: '2017-01-01T00:00:00Z', leap: 18 },
    { utc: '2026-01-01T00:00:00Z', leap: 18 },
  ])('GPS - UTC at $utc is $leap s (IERS Bulletin C)', ({ utc, leap }) => {
    expect(gpsLeapSecondsAt(Date.parse(utc))).toBe(leap);
  });

  it('counts from the GPS epoch plus leap seconds', () => {
    expect(utcMsToGpsMs(GPS_EPOCH_UNIX_MS)).toBe(0);
    expect(utcMsToGpsMs(UTC_2026)).toBe(UTC_2026 - GPS_EPOCH_UNIX_MS + 18_000);
  });
});
