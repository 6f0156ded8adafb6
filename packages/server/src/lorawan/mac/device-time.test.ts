import { describe, expect, it } from 'vitest';
import { LorawanEncodeError } from '../errors.js';
import { deviceTimeAnsFromGpsMs, gpsMsFromDeviceTimeAns } from './device-time.js';

describe('DeviceTimeAns from GPS milliseconds', () => {
  it('splits whole seconds and 1/256 s steps, rounding down', () => {
    expect(deviceTimeAnsFromGpsMs(0)).toEqual({
      name: 'DeviceTimeAns',
      gpsTimeS: 0,
      gpsTimeFraction256: 0,
    });
    expect(deviceTimeAnsFromGpsMs(1500)).toMatchObject({ gpsTimeS: 1, gpsTimeFraction256: 128 });
    // 7.8125 ms is one step: 7 ms is still step 0, 8 ms step 1.
    expect(deviceTimeAnsFromGpsMs(1_000_007)).toMatchObject({
      gpsTimeS: 1000,
      gpsTimeFraction256: 1,
    });
    expect(deviceTimeAnsFromGpsMs(1_000_999.9)).toMatchObject({
      gpsTimeS: 1000,
      gpsTimeFraction256: 255,
    });
  });

  it('gives back the time the answer carries, exact to the 1/256 s step', () => {
    expect(
      gpsMsFromDeviceTimeAns({ name: 'DeviceTimeAns', gpsTimeS: 2, gpsTimeFraction256: 2 }),
    ).toBe(2007.8125);
    const ms = 1_400_000_123_456;
    const back = gpsMsFromDeviceTimeAns(deviceTimeAnsFromGpsMs(ms));
    expect(ms - back).toBeGreaterThanOrEqual(0);
    expect(ms - back).toBeLessThan(1000 / 256);
  });

  it.each([-1, 2 ** 32 * 1000, Number.NaN, Infinity])('refuses %s ms', (ms) => {
    expect(() => deviceTimeAnsFromGpsMs(ms)).toThrow(LorawanEncodeError);
  });
});
