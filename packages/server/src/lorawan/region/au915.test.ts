import { describe, expect, it } from 'vitest';
import { au915 } from './au915.js';

describe('AU915 [RP002-1.0.4 §2.8]', () => {
  it('RX1 DR table: DR0-6 -> DR8..DR13, offsets 0..5 [§2.8.7]', () => {
    expect(au915.rx1DataRate(0, 0)).toBe(8);
    expect(au915.rx1DataRate(5, 0)).toBe(13);
    expect(au915.rx1DataRate(6, 5)).toBe(9);
    expect(au915.rx1DataRate(7, 0)).toBe(9);
    expect(() => au915.rx1DataRate(2, 6)).toThrow('rx1DrOffset out of range');
  });

  it('uplink grid 915.2 MHz + 200 kHz and 915.9 MHz + 1.6 MHz; RX1 on channel % 8 [§2.8.2]', () => {
    expect(au915.uplinkChannelIndex(915_200_000)).toBe(0);
    expect(au915.uplinkChannelIndex(927_800_000)).toBe(63);
    expect(au915.uplinkChannelIndex(915_900_000)).toBe(64);
    expect(au915.rx1FrequencyHz(915_900_000)).toBe(923_300_000);
    expect(au915.rx1FrequencyHz(916_600_000)).toBe(923_300_000 + 600_000 * (7 % 8));
  });

  it('the 400 ms dwell time forbids DR0/DR1 and shrinks DR2-4 [§2.8.6]', () => {
    expect(au915.maxPayloadSize(2)).toEqual({ m: 59, n: 51 });
    expect(au915.maxPayloadSize(2, { dwellTime: true })).toEqual({ m: 19, n: 11 });
    expect(() => au915.maxPayloadSize(1, { dwellTime: true })).toThrow('data rate not allowed');
  });

  it('ChMaskCntl 6 keeps the 125 kHz channels on and masks the 500 kHz ones [§2.8.5]', () => {
    expect(au915.applyChMask([], { chMaskCntl: 6, chMask: 0x0002 })).toHaveLength(65);
    expect(au915.applyChMask([], { chMaskCntl: 6, chMask: 0x0002 })).toContain(65);
  });
});
