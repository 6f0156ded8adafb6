import { describe, expect, it } from 'vitest';
import { ru864 } from './ru864.js';

describe('RU864 [RP002-1.0.4 §2.13]', () => {
  it('RX1 DR = max(0, DR - offset) [§2.13.7]', () => {
    expect(ru864.rx1DataRate(7, 5)).toBe(2);
    expect(ru864.rx1DataRate(3, 4)).toBe(0);
  });

  it('RX1 on the uplink frequency; RX2 is 869.1 MHz DR0 [§2.13.7]', () => {
    expect(ru864.rx1FrequencyHz(868_900_000)).toBe(868_900_000);
    expect(ru864.rx2Default).toEqual({ frequencyHz: 869_100_000, dataRate: 0 });
  });

  it('two default channels; ChMaskCntl 6 enables both [§2.13.5]', () => {
    expect(ru864.applyChMask([1], { chMaskCntl: 6, chMask: 0 })).toEqual([0, 1]);
    expect(ru864.chMaskSettingsFor([1])).toEqual([{ chMaskCntl: 0, chMask: 0b10 }]);
  });
});
