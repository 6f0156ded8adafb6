import { describe, expect, it } from 'vitest';
import { LorawanDecodeError, LorawanRegionError } from '../errors.js';
import { getRegion, regionNames } from './index.js';

const eu868 = getRegion('EU868');
const as923 = getRegion('AS923');
const us915 = getRegion('US915');
const cn470 = getRegion('CN470');

describe('type-0 CFList (frequencies) [RP002-1.0.4 §2.4.4]', () => {
  it('pads missing slots with zeros and round-trips through decode', () => {
    const bytes = eu868.encodeCfList({ type: 0, frequenciesHz: [867_100_000, 0, 867_500_000] });
    expect(bytes.toString('hex')).toBe('184f84000000b85e8400000000000000');
    expect(eu868.decodeCfList(bytes)).toEqual({
      type: 0,
      frequenciesHz: [867_100_000, 0, 867_500_000, 0, 0],
    });
  });

  it('rejects more than 5 frequencies, frequencies outside the band or not on 100 Hz', () => {
    const six = [1, 2, 3, 4, 5, 6].map((i) => 867_000_000 + i * 200_000);
    expect(() => eu868.encodeCfList({ type: 0, frequenciesHz: six })).toThrow(LorawanRegionError);
    expect(() => eu868.encodeCfList({ type: 0, frequenciesHz: [902_300_000] })).toThrow(
      'not usable',
    );
    expect(() => eu868.encodeCfList({ type: 0, frequenciesHz: [867_100_050] })).toThrow(
      'not usable',
    );
  });

  it('adds channels after the default ones with the CFList DR range; 0 leaves a hole', () => {
    const { channels, enabled } = eu868.channelsAfterJoin({
      type: 0,
      frequenciesHz: [867_100_000, 0, 867_500_000, 0, 0],
    });
    expect(enabled).toEqual([0, 1, 2, 3, 5]);
    expect(channels.get(3)).toEqual({ frequencyHz: 867_100_000, minDr: 0, maxDr: 5 });
    expect(channels.has(4)).toBe(false);
  });

  it('AS923 has two default channels, so the CFList defines channels 2..6', () => {
    const { enabled, channels } = as923.channelsAfterJoin({
      type: 0,
      frequenciesHz: [922_000_000, 922_200_000, 922_400_000, 922_600_000, 922_800_000],
    });
    expect(enabled).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(channels.get(2)?.frequencyHz).toBe(922_000_000);
  });

  it('without a CFList a device has only the default channels', () => {
    expect(eu868.channelsAfterJoin().enabled).toEqual([0, 1, 2]);
  });
});

describe('type-1 CFList (channel masks) [RP002-1.0.4 §2.5.4]', () => {
  it('US915 sub-band 2: ChMask0..4 little-endian, RFU zero, CFListType 1', () => {
    const enabledChannels = [8, 9, 10, 11, 12, 13, 14, 15, 65];
    const bytes = us915.encodeCfList({ type: 1, enabledChannels });
    expect(bytes.toString('hex')).toBe('00ff0000000000000200000000000001');
    expect(us915.decodeCfList(bytes)).toEqual({ type: 1, enabledChannels });
    expect(us915.channelsAfterJoin({ type: 1, enabledChannels }).enabled).toEqual(enabledChannels);
  });

  it('CN470 carries six ChMasks for its 96 channels', () => {
    const bytes = cn470.encodeCfList({ type: 1, enabledChannels: [0, 95] });
    expect(bytes.toString('hex')).toBe('01000000000000000000008000000001');
    expect(cn470.decodeCfList(bytes)).toEqual({ type: 1, enabledChannels: [0, 95] });
  });

  it('rejects channels outside the grid, on encode and on decode', () => {
    expect(() => us915.encodeCfList({ type: 1, enabledChannels: [72] })).toThrow(
      LorawanRegionError,
    );
    const rfuBit = Buffer.from('00000000000000000001000000000001', 'hex');
    expect(() => us915.decodeCfList(rfuBit)).toThrow(LorawanDecodeError);
  });

  it('without a CFList every fixed channel is enabled', () => {
    expect(us915.channelsAfterJoin().enabled).toHaveLength(72);
    expect(() => us915.channelsAfterJoin({ type: 1, enabledChannels: [] })).toThrow(
      'enables no channel',
    );
  });
});

describe('CFList type and length checks', () => {
  it.each(regionNames)('%s refuses the other CFList type both ways', (name) => {
    const region = getRegion(name);
    const other =
      region.cfListType === 0
        ? ({ type: 1, enabledChannels: [0] } as const)
        : ({ type: 0, frequenciesHz: [] } as const);
    expect(() => region.encodeCfList(other)).toThrow(LorawanRegionError);
    expect(() => region.channelsAfterJoin(other)).toThrow(LorawanRegionError);
    const bytes = Buffer.alloc(16);
    bytes[15] = region.cfListType === 0 ? 1 : 0;
    expect(() => region.decodeCfList(bytes)).toThrow(
      expect.objectContaining({ code: 'LORAWAN_INVALID_FIELD' }),
    );
  });

  it('decode rejects a wrong length', () => {
    expect(() => eu868.decodeCfList(Buffer.alloc(15))).toThrow(
      expect.objectContaining({ code: 'LORAWAN_TOO_SHORT' }),
    );
    expect(() => eu868.decodeCfList(Buffer.alloc(17))).toThrow(
      expect.objectContaining({ code: 'LORAWAN_TOO_LONG' }),
    );
  });

  it('fixed plans carry a CFList only from Regional Parameters 1.0.3 / LoRaWAN 1.1 on', () => {
    expect(eu868.supportsCfList('1.0.0')).toBe(true);
    expect(us915.supportsCfList('1.0.2')).toBe(false);
    expect(us915.supportsCfList('1.0.3')).toBe(true);
    expect(cn470.supportsCfList('1.0.4')).toBe(true);
    expect(() => us915.supportsCfList('2.0')).toThrow('unknown LoRaWAN version');
  });
});
