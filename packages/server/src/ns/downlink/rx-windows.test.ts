import { describe, expect, it } from 'vitest';
import { getRegion } from '../../lorawan/index.js';
import {
  classAWindows,
  classCWindow,
  dataRx1DelayS,
  isWindowReachable,
  windowOpensAtMs,
  windowTimestampUs,
} from './rx-windows.js';
import { testProfile, testUplink } from '../testing/downlink.js';

const eu868 = getRegion('EU868');
const us915 = getRegion('US915');
const usProfile = testProfile({ region: 'US915', rx2Dr: 8, rx2Freq: 923_300_000 });

describe('classAWindows', () => {
  it('EU868 data: RX1 on the uplink frequency and DR after 1 s, RX2 on the profile after 2 s', () => {
    const { windows, rx1Unavailable } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: eu868, frequencyHz: 868_300_000, dataRateIndex: 5 }),
      profile: testProfile(),
      region: eu868,
    });
    expect(rx1Unavailable).toBeUndefined();
    expect(windows).toEqual([
      {
        name: 'rx1',
        delayS: 1,
        frequencyHz: 868_300_000,
        dataRateIndex: 5,
        dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
        txPowerDbm: 16,
      },
      {
        name: 'rx2',
        delayS: 2,
        frequencyHz: 869_525_000,
        dataRateIndex: 0,
        dataRate: { modulation: 'LORA', spreadingFactor: 12, bandwidthHz: 125_000 },
        txPowerDbm: 16,
      },
    ]);
  });

  it('EU868 applies the RX1DROffset [RP002-1.0.4 §2.4.7]', () => {
    const { windows } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: eu868, dataRateIndex: 5 }),
      profile: testProfile({ rx1DrOffset: 2 }),
      region: eu868,
    });
    expect(windows[0]?.dataRateIndex).toBe(3);
    expect(windows[0]?.dataRate).toEqual({
      modulation: 'LORA',
      spreadingFactor: 9,
      bandwidthHz: 125_000,
    });
  });

  it('US915 maps RX1 to downlink channel (uplink channel % 8) at DR10+ [RP002-1.0.4 §2.5.7]', () => {
    // Uplink channel 9 (904.1 MHz) -> downlink channel 1 (923.9 MHz); DR0 -> DR10.
    const { windows } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: us915, frequencyHz: 904_100_000, dataRateIndex: 0 }),
      profile: usProfile,
      region: us915,
    });
    expect(windows.map((w) => [w.name, w.frequencyHz, w.dataRateIndex])).toEqual([
      ['rx1', 923_900_000, 10],
      ['rx2', 923_300_000, 8],
    ]);
    expect(windows[0]?.dataRate).toEqual({
      modulation: 'LORA',
      spreadingFactor: 10,
      bandwidthHz: 500_000,
    });
    expect(windows[0]?.txPowerDbm).toBe(30);
  });

  it('reads the uplink DR with the profile region, whatever region the gateway is in', () => {
    // SF10BW125 at 902.3 MHz as an EU868 gateway hears it: EU868 would call it DR2 (RX1 DR12,
    // SF8BW500), the US915 device sent DR0, so RX1 is DR10 = SF10BW500 on 923.3 MHz
    // [RP002-1.0.4 §2.5.7].
    const { windows } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: eu868, frequencyHz: 902_300_000, dataRateIndex: 2 }),
      profile: usProfile,
      region: us915,
    });
    expect(windows[0]).toMatchObject({
      name: 'rx1',
      frequencyHz: 923_300_000,
      dataRateIndex: 10,
      dataRate: { modulation: 'LORA', spreadingFactor: 10, bandwidthHz: 500_000 },
    });
  });

  it('US915 RX1DROffset 2 on DR3 gives DR11', () => {
    const { windows } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: us915, frequencyHz: 902_300_000, dataRateIndex: 3 }),
      profile: { ...usProfile, rx1DrOffset: 2 },
      region: us915,
    });
    expect(windows[0]).toMatchObject({ name: 'rx1', frequencyHz: 923_300_000, dataRateIndex: 11 });
  });

  it('join: RX1 after 5 s with offset 0, RX2 after 6 s on the region default [L2 1.0.4 §6.2.6]', () => {
    const { windows } = classAWindows({
      kind: 'join',
      uplink: testUplink({ region: eu868, dataRateIndex: 5 }),
      profile: testProfile({ rx1DrOffset: 3, rx2Dr: 3, rx2Freq: 869_100_000, rx1Delay: 3 }),
      region: eu868,
    });
    expect(windows.map((w) => [w.name, w.delayS, w.frequencyHz, w.dataRateIndex])).toEqual([
      ['rx1', 5, 868_100_000, 5],
      ['rx2', 6, 869_525_000, 0],
    ]);
  });

  it('uses the profile RX1 delay for data, with 0 meaning 1 s [L2 1.0.4 §5.7]', () => {
    expect(dataRx1DelayS(testProfile({ rx1Delay: 0 }))).toBe(1);
    expect(dataRx1DelayS(testProfile({ rx1Delay: 5 }))).toBe(5);
    const { windows } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: eu868 }),
      profile: testProfile({ rx1Delay: 5 }),
      region: eu868,
    });
    expect(windows.map((w) => w.delayS)).toEqual([5, 6]);
  });

  it('falls back to RX2 only when the uplink frequency is off the US915 grid', () => {
    const { windows, rx1Unavailable } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: us915, frequencyHz: 902_350_000, dataRateIndex: 0 }),
      profile: usProfile,
      region: us915,
    });
    expect(windows.map((w) => w.name)).toEqual(['rx2']);
    expect(rx1Unavailable).toEqual(expect.any(String));
  });

  it('falls back to RX2 only when the uplink data rate is unknown in the region', () => {
    const uplink = testUplink({ region: eu868 });
    const { windows, rx1Unavailable } = classAWindows({
      kind: 'data',
      uplink: {
        ...uplink,
        txInfo: {
          frequencyHz: 868_100_000,
          dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 500_000 },
        },
      },
      profile: testProfile(),
      region: eu868,
    });
    expect(windows.map((w) => w.name)).toEqual(['rx2']);
    expect(rx1Unavailable).toBe('uplink data rate unknown in the region');
  });
});

describe('classCWindow', () => {
  it('is RX2 of the profile, sent at once', () => {
    expect(classCWindow(testProfile({ rx2Dr: 3 }), eu868)).toEqual({
      name: 'class_c',
      delayS: undefined,
      frequencyHz: 869_525_000,
      dataRateIndex: 3,
      dataRate: { modulation: 'LORA', spreadingFactor: 9, bandwidthHz: 125_000 },
      txPowerDbm: 16,
    });
  });
});

describe('window timing', () => {
  it('adds the delay in µs to tmst', () => {
    expect(windowTimestampUs(1_000_000, 1)).toBe(2_000_000);
    expect(windowTimestampUs(123, 5)).toBe(5_000_123);
  });

  it('wraps tmst at 2^32 [GWMP §3]', () => {
    expect(windowTimestampUs(0xffff_ffff - 499_999, 1)).toBe(500_000);
    expect(windowTimestampUs(0xffff_ffff, 6)).toBe(5_999_999);
  });

  it('opens the window relative to the local receive time', () => {
    expect(windowOpensAtMs(10_000, 1)).toBe(11_000);
  });

  it('is reachable while now + lead is not past the opening', () => {
    const { windows } = classAWindows({
      kind: 'data',
      uplink: testUplink({ region: eu868 }),
      profile: testProfile(),
      region: eu868,
    });
    const rx1 = windows[0]!;
    expect(isWindowReachable(rx1, 10_000, 10_850, 150)).toBe(true);
    expect(isWindowReachable(rx1, 10_000, 10_851, 150)).toBe(false);
    expect(isWindowReachable(classCWindow(testProfile(), eu868), 0, 1e12, 150)).toBe(true);
  });
});
