import { describe, expect, it } from 'vitest';
import { eu868 } from './eu868.js';

describe('EU868 [RP002-1.0.4 §2.4]', () => {
  it('RX1 DR = max(0, DR - offset) for DR0-7; LR-FHSS DR8-11 answer on DR1/DR2 [§2.4.7]', () => {
    expect(eu868.rx1DataRate(5, 0)).toBe(5);
    expect(eu868.rx1DataRate(5, 3)).toBe(2);
    expect(eu868.rx1DataRate(2, 5)).toBe(0);
    expect(eu868.rx1DataRate(7, 5)).toBe(2);
    expect(eu868.rx1DataRate(8, 0)).toBe(1);
    expect(eu868.rx1DataRate(11, 1)).toBe(1);
    expect(() => eu868.rx1DataRate(5, 6)).toThrow('rx1DrOffset out of range');
  });

  it('RX1 answers on the uplink frequency, including CFList channels [§2.4.7]', () => {
    expect(eu868.rx1FrequencyHz(867_900_000)).toBe(867_900_000);
    expect(eu868.rx1ChannelIndex(7)).toBe(7);
    expect(() => eu868.rx1FrequencyHz(915_000_000)).toThrow('frequency outside region band');
  });

  it('ChMaskCntl 0 masks channels 0..15, 6 turns all defined channels on [§2.4.5]', () => {
    const defined = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(eu868.applyChMask(defined, { chMaskCntl: 0, chMask: 0x00f0 }, defined)).toEqual([
      4, 5, 6, 7,
    ]);
    expect(eu868.applyChMask([4], { chMaskCntl: 6, chMask: 0 }, defined)).toEqual(defined);
    expect(() => eu868.applyChMask([0], { chMaskCntl: 7, chMask: 0 })).toThrow('RFU');
  });

  it('LR-FHSS data rates are uplink only and have no RX1 of their own', () => {
    expect(eu868.dataRate(8).downlink).toBe(false);
    expect(eu868.maxPayloadSize(8)).toEqual({ m: 58, n: 50 });
  });
});
