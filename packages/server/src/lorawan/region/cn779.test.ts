import { describe, expect, it } from 'vitest';
import { cn779 } from './cn779.js';

describe('CN779 [RP002-1.0.4 §2.6]', () => {
  it('RX1 DR = max(0, DR - offset) [§2.6.7]', () => {
    expect(cn779.rx1DataRate(4, 2)).toBe(2);
    expect(cn779.rx1DataRate(7, 0)).toBe(7);
  });

  it('RX1 on the uplink frequency; RX2 786 MHz DR0 [§2.6.7]', () => {
    expect(cn779.rx1FrequencyHz(779_700_000)).toBe(779_700_000);
    expect(cn779.rx2Default).toEqual({ frequencyHz: 786_000_000, dataRate: 0 });
  });

  it('ChMaskCntl 0 / 6 on the default channels [§2.6.5]', () => {
    expect(cn779.applyChMask([0, 1, 2], { chMaskCntl: 0, chMask: 0b110 })).toEqual([1, 2]);
    expect(cn779.applyChMask([2], { chMaskCntl: 6, chMask: 0 })).toEqual([0, 1, 2]);
  });
});
