import { describe, expect, it } from 'vitest';
import { LorawanRegionError } from '../errors.js';
import type { MaxPayload, RegionName } from './index.js';
import { as923VariantNames, getRegion, isRegionName, regionNames } from './index.js';

describe('region lookup', () => {
  it('knows the ten RP002 regions and the AS923 groups 2-4 by name', () => {
    expect([...regionNames].sort()).toEqual(
      [
        'AS923',
        'AS923-2',
        'AS923-3',
        'AS923-4',
        'AU915',
        'CN470',
        'CN779',
        'EU433',
        'EU868',
        'IN865',
        'KR920',
        'RU864',
        'US915',
      ].sort(),
    );
    for (const name of regionNames) {
      const region = getRegion(name);
      if (name.startsWith('AS923')) {
        expect(region.name).toBe('AS923');
        expect(region.commonName).toBe(name === 'AS923' ? 'AS923-1' : name);
      } else {
        expect(region.name).toBe(name);
      }
    }
  });

  it('isRegionName accepts exactly those names', () => {
    expect(isRegionName('EU868')).toBe(true);
    expect(isRegionName('AS923-2')).toBe(true);
    expect(isRegionName('AS923-4')).toBe(true);
    expect(isRegionName('eu868')).toBe(false);
    // Group 1 is spelled AS923, as ChirpStack and LNS_REGION spell it.
    expect(isRegionName('AS923-1')).toBe(false);
    expect(isRegionName('AS923-5')).toBe(false);
    expect(isRegionName('toString')).toBe(false);
  });

  it('throws LorawanRegionError for an unknown name', () => {
    expect(() => getRegion('XX000' as RegionName)).toThrow(LorawanRegionError);
    expect(() => getRegion('XX000' as RegionName)).toThrow(
      expect.objectContaining({ code: 'LORAWAN_UNKNOWN_REGION_PARAMETER' }),
    );
  });

  it.each([
    { group: 'AS923-1', offsetHz: 0 },
    { group: 'AS923-2', offsetHz: -1_800_000 },
    { group: 'AS923-3', offsetHz: -6_600_000 },
    { group: 'AS923-4', offsetHz: -5_900_000 },
  ] as const)(
    '$group shifts the AS923 channels and RX2 by $offsetHz Hz [RP002-1.0.4 §2.10.2]',
    ({ group, offsetHz }) => {
      const region = getRegion(group);
      expect(as923VariantNames).toContain(group);
      expect(region.name).toBe('AS923');
      expect(region.commonName).toBe(group);
      expect(region.defaultChannels.map((ch) => ch.frequencyHz)).toEqual([
        923_200_000 + offsetHz,
        923_400_000 + offsetHz,
      ]);
      expect(region.rx2Default).toEqual({ frequencyHz: 923_200_000 + offsetHz, dataRate: 2 });
    },
  );

  it('plain AS923 is group AS923-1', () => {
    expect(getRegion('AS923')).toBe(getRegion('AS923-1'));
  });
});

describe.each(regionNames)('%s tables are self-consistent', (name) => {
  const region = getRegion(name);
  const uplinkDrs = [...region.dataRates].filter(([, d]) => d.uplink).map(([dr]) => dr);
  const isDownlinkDr = (dr: number) => region.dataRates.get(dr)?.downlink === true;

  it('max payload: DRs exist, N = M - 8, repeater-compatible M <= 230', () => {
    for (const table of [
      region.maxPayload,
      region.dwellTimeMaxPayload ?? new Map<number, MaxPayload>(),
    ]) {
      for (const [dr, size] of table) {
        expect(region.dataRates.has(dr)).toBe(true);
        expect(size.n).toBe(size.m - 8);
        expect(region.maxPayloadSize(dr, { repeaterCompatible: true }).m).toBeLessThanOrEqual(230);
      }
    }
    for (const dr of region.dataRates.keys()) expect(region.maxPayload.has(dr)).toBe(true);
  });

  it('RX1 table: a row for every uplink DR, results are downlink DRs', () => {
    expect([...region.rx1DrOffsetTable.keys()]).toEqual(uplinkDrs);
    for (const [dr, row] of region.rx1DrOffsetTable) {
      row.forEach((rx1Dr, offset) => {
        expect(isDownlinkDr(rx1Dr)).toBe(true);
        expect(isDownlinkDr(region.rx1DataRate(dr, offset, { downlinkDwellTime: true }))).toBe(
          true,
        );
      });
    }
    expect(() => region.rx1DataRate(15, 0)).toThrow(LorawanRegionError);
    expect(() => region.rx1DataRate(0, -1)).toThrow(LorawanRegionError);
    expect(() => region.rx1DataRate(0, 0.5)).toThrow(LorawanRegionError);
  });

  it('channels: in band, DR ranges made of uplink (resp. downlink) DRs', () => {
    const { minHz, maxHz } = region.frequencyRangeHz;
    for (const ch of region.uplinkChannels) {
      expect(ch.frequencyHz).toBeGreaterThanOrEqual(minHz);
      expect(ch.frequencyHz).toBeLessThanOrEqual(maxHz);
      expect(uplinkDrs).toContain(ch.minDr);
      expect(uplinkDrs).toContain(ch.maxDr);
    }
    for (const ch of region.downlinkChannels) {
      expect(ch.frequencyHz).toBeGreaterThanOrEqual(minHz);
      expect(ch.frequencyHz).toBeLessThanOrEqual(maxHz);
    }
    expect(region.uplinkChannels.length).toBeLessThanOrEqual(region.maxChannels);
  });

  it('RX2 default is an in-band downlink DR', () => {
    expect(isDownlinkDr(region.rx2Default.dataRate)).toBe(true);
    expect(region.rx2Default.frequencyHz).toBeGreaterThanOrEqual(region.frequencyRangeHz.minHz);
    expect(region.rx2Default.frequencyHz).toBeLessThanOrEqual(region.frequencyRangeHz.maxHz);
  });

  it('data-rate lookup round-trips for every DR in its direction', () => {
    for (const [dr, entry] of region.dataRates) {
      if (entry.uplink) expect(region.uplinkDataRateIndex(entry.dataRate)).toBe(dr);
      if (entry.downlink) expect(region.downlinkDataRateIndex(entry.dataRate)).toBe(dr);
    }
    expect(region.uplinkDataRateIndex({ modulation: 'FSK', bitrateBps: 1 })).toBeUndefined();
    expect(() => region.dataRate(15)).toThrow(LorawanRegionError);
    expect(() => region.maxPayloadSize(15)).toThrow(LorawanRegionError);
  });

  it('TX power: index 0 is the max EIRP, offsets step by -2 dB, unknown index throws', () => {
    expect(region.txPowerEirpDbm(0)).toBe(region.defaultMaxEirpDbm);
    region.txPowerOffsetsDb.forEach((offset, i) => expect(offset).toBe(i === 0 ? 0 : -2 * i));
    expect(region.txPowerEirpDbm(1, 20)).toBe(18);
    expect(() => region.txPowerEirpDbm(region.txPowerOffsetsDb.length)).toThrow(LorawanRegionError);
  });

  it('RX1 frequency of an out-of-band uplink throws', () => {
    expect(() => region.rx1FrequencyHz(100_000_000)).toThrow('frequency outside region band');
  });
});

describe('LR-FHSS coding-rate spellings', () => {
  it.each(['2/3', '4/6'])('EU868 DR9 matches coding rate %s', (codingRate) => {
    expect(
      getRegion('EU868').uplinkDataRateIndex({
        modulation: 'LR-FHSS',
        codingRate,
        occupiedChannelWidthHz: 137_000,
      }),
    ).toBe(9);
  });

  it.each(['1/3', '2/6'])('US915 DR5 matches coding rate %s', (codingRate) => {
    expect(
      getRegion('US915').uplinkDataRateIndex({
        modulation: 'LR-FHSS',
        codingRate,
        occupiedChannelWidthHz: 1_523_000,
      }),
    ).toBe(5);
  });
});
