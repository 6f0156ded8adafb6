import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LorawanRegionError } from '../errors.js';
import { getRegion } from './index.js';
import type { RegionName } from './region.js';

const eu868 = getRegion('EU868');
const us915 = getRegion('US915');
const cn470 = getRegion('CN470');
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('dynamic plan ChMaskCntl [RP002-1.0.4 §2.4.5]', () => {
  const defined = range(0, 7);

  it('0: ChMask bit i controls channel i', () => {
    expect(eu868.applyChMask(defined, { chMaskCntl: 0, chMask: 0b1000_0101 }, defined)).toEqual([
      0, 2, 7,
    ]);
  });

  it('0: enabling an undefined channel is rejected, clearing one is not', () => {
    expect(() => eu868.applyChMask([0, 1, 2], { chMaskCntl: 0, chMask: 0b1001 })).toThrow(
      LorawanRegionError,
    );
    expect(eu868.applyChMask([0, 1, 2], { chMaskCntl: 0, chMask: 0b0011 })).toEqual([0, 1]);
  });

  it('6: every defined channel on, whatever the ChMask', () => {
    expect(eu868.applyChMask([1], { chMaskCntl: 6, chMask: 0x0001 }, defined)).toEqual(defined);
  });

  it.each([1, 2, 3, 4, 5, 7])('%i is RFU and rejected', (chMaskCntl) => {
    expect(() => eu868.applyChMask([0], { chMaskCntl, chMask: 0x0007 })).toThrow(
      'chMaskCntl is RFU in this region',
    );
  });

  it('a block leaving no channel enabled is rejected [L2 1.0.4 §5.3]', () => {
    expect(() => eu868.applyChMasks([0, 1, 2], [{ chMaskCntl: 0, chMask: 0 }])).toThrow(
      'chMask block disables every channel',
    );
  });

  it('blocks apply in order', () => {
    expect(
      eu868.applyChMasks(
        [0],
        [
          { chMaskCntl: 0, chMask: 0b010 },
          { chMaskCntl: 6, chMask: 0 },
        ],
      ),
    ).toEqual([0, 1, 2]);
  });

  it('rejects out-of-range fields and enabled sets with undefined channels', () => {
    expect(() => eu868.applyChMask([0], { chMaskCntl: 8, chMask: 1 })).toThrow('chMaskCntl');
    expect(() => eu868.applyChMask([0], { chMaskCntl: 0, chMask: 0x10000 })).toThrow('chMask');
    expect(() => eu868.applyChMask([9], { chMaskCntl: 6, chMask: 0 })).toThrow('enabled set');
  });

  it('reaches a subset with one ChMaskCntl 0 command, or none when already there', () => {
    expect(eu868.chMaskSettingsFor([0, 2])).toEqual([{ chMaskCntl: 0, chMask: 0b101 }]);
    expect(eu868.chMaskSettingsFor([0, 2], { current: [2, 0] })).toEqual([]);
    expect(eu868.chMaskSettingsFor(range(0, 7), { definedChannels: range(0, 7) })).toEqual([
      { chMaskCntl: 0, chMask: 0xff },
    ]);
  });

  it('refuses an empty or undefined target', () => {
    expect(() => eu868.chMaskSettingsFor([])).toThrow('at least one enabled channel');
    expect(() => eu868.chMaskSettingsFor([3])).toThrow('not defined');
  });
});

describe('US915 ChMaskCntl [RP002-1.0.4 §2.5.5]', () => {
  const all = range(0, 71);
  const subBand2 = [...range(8, 15), 65];

  it('5: ChMask bit i switches channels 8i..8i+7 and 64+i together', () => {
    expect(us915.applyChMask(all, { chMaskCntl: 5, chMask: 0x02 })).toEqual(subBand2);
    expect(us915.applyChMask([], { chMaskCntl: 5, chMask: 0x81 })).toEqual([
      ...range(0, 7),
      ...range(56, 64),
      71,
    ]);
  });

  it.each([5, 6, 7])('%i: the 8 MSBs of ChMask are RFU and rejected', (chMaskCntl) => {
    expect(() => us915.applyChMask(all, { chMaskCntl, chMask: 0x0101 })).toThrow('RFU bits');
  });

  it('uses ChMaskCntl 5 only when allowed (older devices reject it)', () => {
    expect(us915.chMaskSettingsFor(subBand2, { allowBanks: true })).toEqual([
      { chMaskCntl: 5, chMask: 0x02 },
    ]);
    expect(us915.chMaskSettingsFor(subBand2)).toEqual([
      { chMaskCntl: 7, chMask: 0x02 },
      { chMaskCntl: 0, chMask: 0xff00 },
    ]);
    expect(us915.chMaskSettingsFor(range(0, 71), { allowBanks: true })).toEqual([
      { chMaskCntl: 6, chMask: 0xff },
    ]);
  });

  it.each([
    {
      name: 'sub-band 2 without a 500 kHz channel',
      desired: range(8, 15),
      expected: [
        { chMaskCntl: 7, chMask: 0 },
        { chMaskCntl: 0, chMask: 0xff00 },
      ],
    },
    { name: 'every channel', desired: all, expected: [{ chMaskCntl: 6, chMask: 0xff }] },
    {
      name: 'every channel but 3',
      desired: all.filter((ch) => ch !== 3),
      expected: [
        { chMaskCntl: 6, chMask: 0xff },
        { chMaskCntl: 0, chMask: 0xfff7 },
      ],
    },
    { name: 'one 500 kHz channel', desired: [64], expected: [{ chMaskCntl: 7, chMask: 0x01 }] },
  ])('reaches $name with the shortest block', ({ desired, expected }) => {
    expect(us915.chMaskSettingsFor(desired)).toEqual(expected);
    expect(us915.applyChMasks(all, expected)).toEqual(desired);
    expect(us915.applyChMasks([], expected)).toEqual(desired);
  });

  it('uses the known current state to send only what changes', () => {
    const desired = all.filter((ch) => ch !== 70);
    const settings = us915.chMaskSettingsFor(desired, { current: all });
    expect(settings).toHaveLength(1);
    expect(us915.applyChMasks(all, settings)).toEqual(desired);
  });
});

describe('CN470 ChMaskCntl [RP 1.0.3rA §2.7.5]', () => {
  const all = range(0, 95);

  it('0..5: ChMask bit i controls channel 16*cntl + i; 6: all on; 7: RFU', () => {
    expect(cn470.applyChMask([], { chMaskCntl: 5, chMask: 0x8001 })).toEqual([80, 95]);
    expect(cn470.applyChMask([3], { chMaskCntl: 6, chMask: 0 })).toEqual(all);
    expect(() => cn470.applyChMask(all, { chMaskCntl: 7, chMask: 0 })).toThrow('RFU');
  });

  it('reaches "all but a few" with ChMaskCntl 6 and the blocks that differ', () => {
    const desired = all.filter((ch) => ch !== 6 && ch !== 38 && ch !== 45);
    expect(cn470.chMaskSettingsFor(desired)).toEqual([
      { chMaskCntl: 6, chMask: 0 },
      { chMaskCntl: 0, chMask: 0xffbf },
      { chMaskCntl: 2, chMask: 0xdfbf },
    ]);
    expect(cn470.chMaskSettingsFor(desired, { current: desired })).toEqual([]);
  });
});

describe('chMaskSettingsFor reaches any target from any state (property)', () => {
  const cases: { name: RegionName; defined?: number[] }[] = [
    { name: 'EU868', defined: range(0, 15) },
    { name: 'AS923', defined: [0, 1, 2, 4, 6] },
    { name: 'US915' },
    { name: 'AU915' },
    { name: 'CN470' },
  ];

  it.each(cases)('$name', ({ name, defined }) => {
    const region = getRegion(name);
    const channels = defined ?? region.uplinkChannels.map((_, i) => i);
    const blockRules = [...region.chMaskCntlRules.values()].filter((r) => r.kind === 'block');
    fc.assert(
      fc.property(
        fc.subarray(channels, { minLength: 1 }),
        fc.subarray(channels),
        fc.subarray(channels),
        (desired, current, unknownStart) => {
          const allowBanks = desired.length % 2 === 0;
          const known = region.chMaskSettingsFor(desired, {
            current,
            definedChannels: channels,
            allowBanks,
          });
          expect(region.applyChMasks(current, known, channels)).toEqual(desired);
          const blind = region.chMaskSettingsFor(desired, {
            definedChannels: channels,
            allowBanks,
          });
          expect(region.applyChMasks(unknownStart, blind, channels)).toEqual(desired);
          // Never worse than "reset, then one command per block".
          expect(blind.length).toBeLessThanOrEqual(blockRules.length + 1);
          expect(known.length).toBeLessThanOrEqual(blind.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('chMaskSettingsFor with a partly defined fixed grid', () => {
  it('skips commands that would enable channels the device lacks', () => {
    const defined = [8, 9, 10, 64, 65];
    const settings = us915.chMaskSettingsFor([9, 65], {
      definedChannels: defined,
      allowBanks: true,
    });
    expect(us915.applyChMasks(defined, settings, defined)).toEqual([9, 65]);
    expect(settings.some((s) => s.chMaskCntl === 5)).toBe(false);
  });
});
