import { describe, expect, it } from 'vitest';
import { as923, as923Groups } from './as923.js';

describe('AS923 [RP002-1.0.4 §2.10]', () => {
  it('RX1DROffset 6/7 raise the rate by 1/2, capped at DR7 [§2.10.7]', () => {
    expect(as923.rx1DataRate(5, 6)).toBe(6);
    expect(as923.rx1DataRate(5, 7)).toBe(7);
    expect(as923.rx1DataRate(7, 7)).toBe(7);
    expect(as923.rx1DataRate(2, 6)).toBe(3);
    expect(as923.rx1DataRate(5, 5)).toBe(0);
    expect(() => as923.rx1DataRate(5, 8)).toThrow('rx1DrOffset out of range');
  });

  it('DownlinkDwellTime = 1 puts the RX1 floor at DR2 [§2.10.7]', () => {
    expect(as923.rx1DataRate(5, 5, { downlinkDwellTime: true })).toBe(2);
    expect(as923.rx1DataRate(0, 0, { downlinkDwellTime: true })).toBe(2);
    expect(as923.rx1DataRate(1, 7, { downlinkDwellTime: true })).toBe(3);
    expect(as923.rx1DataRate(5, 1, { downlinkDwellTime: true })).toBe(4);
  });

  it('UplinkDwellTime = 1 forbids DR0/DR1 and limits DR2-4 [§2.10.6]', () => {
    expect(as923.maxPayloadSize(2)).toEqual({ m: 123, n: 115 });
    expect(as923.maxPayloadSize(2, { dwellTime: true })).toEqual({ m: 19, n: 11 });
    expect(as923.maxPayloadSize(4, { dwellTime: true })).toEqual({ m: 133, n: 125 });
    expect(() => as923.maxPayloadSize(0, { dwellTime: true })).toThrow('data rate not allowed');
  });

  it('RX1 on the uplink frequency; group 3 lives 6.6 MHz lower [§2.10.2]', () => {
    expect(as923.rx1FrequencyHz(923_200_000)).toBe(923_200_000);
    expect(as923Groups['AS923-3'].rx1FrequencyHz(916_600_000)).toBe(916_600_000);
    expect(as923Groups['AS923-3'].defaultChannels[0]?.frequencyHz).toBe(916_600_000);
  });

  it('two default channels: ChMaskCntl 0 bit 2 needs a CFList/NewChannelReq channel [§2.10.5]', () => {
    expect(() => as923.applyChMask([0, 1], { chMaskCntl: 0, chMask: 0b100 })).toThrow(
      'undefined channel',
    );
    expect(as923.applyChMask([0, 1], { chMaskCntl: 0, chMask: 0b100 }, [0, 1, 2])).toEqual([2]);
  });
});
