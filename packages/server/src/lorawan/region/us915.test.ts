import { describe, expect, it } from 'vitest';
import { us915 } from './us915.js';

describe('US915 [RP002-1.0.4 §2.5]', () => {
  it('RX1 DR table: DR0-4 -> DR10..DR13, LR-FHSS DR5/6 as DR0/1 [§2.5.7]', () => {
    expect(us915.rx1DataRate(0, 0)).toBe(10);
    expect(us915.rx1DataRate(3, 3)).toBe(10);
    expect(us915.rx1DataRate(4, 0)).toBe(13);
    expect(us915.rx1DataRate(5, 0)).toBe(10);
    expect(us915.rx1DataRate(6, 3)).toBe(8);
    expect(() => us915.rx1DataRate(8, 0)).toThrow('no RX1 data rate');
    expect(() => us915.rx1DataRate(0, 4)).toThrow('rx1DrOffset out of range');
  });

  it('RX1 frequency = downlink channel (uplink channel % 8) [§2.5.7]', () => {
    expect(us915.rx1FrequencyHz(902_300_000)).toBe(923_300_000);
    expect(us915.rx1FrequencyHz(903_700_000)).toBe(927_500_000);
    expect(us915.rx1FrequencyHz(903_900_000)).toBe(923_300_000);
    expect(us915.rx1FrequencyHz(914_200_000)).toBe(927_500_000);
    expect(() => us915.rx1FrequencyHz(902_400_000)).toThrow('no uplink channel');
  });

  it('ChMaskCntl 7 + block 1 enables sub-band 3 only [§2.5.5]', () => {
    const all = Array.from({ length: 72 }, (_, i) => i);
    expect(
      us915.applyChMasks(all, [
        { chMaskCntl: 7, chMask: 0 },
        { chMaskCntl: 1, chMask: 0x00ff },
      ]),
    ).toEqual([16, 17, 18, 19, 20, 21, 22, 23]);
    expect(() => us915.applyChMasks(all, [{ chMaskCntl: 7, chMask: 0 }])).toThrow(
      'disables every channel',
    );
  });

  it('the same modulation is DR4 uplink and DR12 downlink', () => {
    const sf8bw500 = { modulation: 'LORA', spreadingFactor: 8, bandwidthHz: 500_000 } as const;
    expect(us915.uplinkDataRateIndex(sf8bw500)).toBe(4);
    expect(us915.downlinkDataRateIndex(sf8bw500)).toBe(12);
    expect(us915.uplinkDataRateIndex({ ...sf8bw500, spreadingFactor: 12 })).toBeUndefined();
  });

  it('TXPower 14 is 30 - 28 = 2 dBm', () => {
    expect(us915.txPowerEirpDbm(14)).toBe(2);
  });
});
