import { describe, expect, it } from 'vitest';
import { eu433 } from './eu433.js';

describe('EU433 [RP002-1.0.4 §2.7]', () => {
  it('RX1 DR = max(0, DR - offset) [§2.7.7]', () => {
    expect(eu433.rx1DataRate(6, 1)).toBe(5);
    expect(eu433.rx1DataRate(0, 5)).toBe(0);
  });

  it('RX1 on the uplink frequency, inside 433.175-434.665 MHz [§2.7.2]', () => {
    expect(eu433.rx1FrequencyHz(433_375_000)).toBe(433_375_000);
    expect(() => eu433.rx1FrequencyHz(433_000_000)).toThrow('frequency outside region band');
  });

  it('max EIRP 12.15 dBm, TXPower 0..5 [§2.7.3]', () => {
    expect(eu433.txPowerEirpDbm(5)).toBeCloseTo(2.15);
    expect(() => eu433.txPowerEirpDbm(6)).toThrow('txPower index');
  });

  it('ChMaskCntl 0 on the default channels [§2.7.5]', () => {
    expect(eu433.applyChMask([0, 1, 2], { chMaskCntl: 0, chMask: 0b001 })).toEqual([0]);
  });
});
