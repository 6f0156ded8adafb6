import { describe, expect, it } from 'vitest';
import { kr920 } from './kr920.js';

describe('KR920 [RP002-1.0.4 §2.11]', () => {
  it('RX1 DR = max(0, DR - offset), DR0-5 only [§2.11.7]', () => {
    expect(kr920.rx1DataRate(5, 2)).toBe(3);
    expect(kr920.rx1DataRate(1, 4)).toBe(0);
    expect(() => kr920.rx1DataRate(6, 0)).toThrow('no RX1 data rate');
  });

  it('RX1 on the uplink frequency inside 920.9-923.3 MHz [§2.11.2]', () => {
    expect(kr920.rx1FrequencyHz(922_100_000)).toBe(922_100_000);
    expect(() => kr920.rx1FrequencyHz(923_500_000)).toThrow('frequency outside region band');
  });

  it('ChMaskCntl 0 on the three default channels [§2.11.5]', () => {
    expect(kr920.applyChMask([0, 1, 2], { chMaskCntl: 0, chMask: 0b010 })).toEqual([1]);
  });
});
