import { describe, expect, it } from 'vitest';
import { cn470 } from './cn470.js';

describe('CN470 96-channel plan [RP 1.0.3rA §2.7]', () => {
  it('RX1 DR = max(0, DR - offset), offsets 0..5 [§2.7.7]', () => {
    expect(cn470.rx1DataRate(5, 5)).toBe(0);
    expect(cn470.rx1DataRate(4, 1)).toBe(3);
    expect(() => cn470.rx1DataRate(4, 6)).toThrow('rx1DrOffset out of range');
  });

  it('RX1 channel = uplink channel % 48 (500.3 MHz + 200 kHz) [§2.7.7]', () => {
    expect(cn470.rx1FrequencyHz(470_300_000)).toBe(500_300_000);
    expect(cn470.rx1FrequencyHz(479_700_000)).toBe(509_700_000);
    expect(cn470.rx1FrequencyHz(479_900_000)).toBe(500_300_000);
    expect(cn470.rx1FrequencyHz(489_300_000)).toBe(509_700_000);
    expect(cn470.rx1ChannelIndex(48)).toBe(0);
  });

  it('ChMaskCntl 0..5 address 16 channels each, 6 = all on [§2.7.5]', () => {
    expect(cn470.applyChMasks([], [{ chMaskCntl: 2, chMask: 0x0003 }])).toEqual([32, 33]);
    expect(cn470.applyChMask([], { chMaskCntl: 6, chMask: 0xffff })).toHaveLength(96);
  });
});
