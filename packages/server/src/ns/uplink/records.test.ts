import { describe, expect, it } from 'vitest';
import { datrOf, isoTime, mhzOf } from './records.js';

describe('records', () => {
  it.each([
    {
      dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
      datr: 'SF7BW125',
    },
    {
      dataRate: { modulation: 'LORA', spreadingFactor: 12, bandwidthHz: 500_000 },
      datr: 'SF12BW500',
    },
    { dataRate: { modulation: 'FSK', bitrateBps: 50_000 }, datr: '50000' },
    {
      dataRate: { modulation: 'LR-FHSS', codingRate: '1/3', occupiedChannelWidthHz: 137_000 },
      datr: 'M0CW137',
    },
  ] as const)('datr $datr', ({ dataRate, datr }) => {
    expect(datrOf(dataRate)).toBe(datr);
  });

  it('writes MHz and ISO times as GWMP and SPEC do', () => {
    expect(mhzOf(868_100_000)).toBe(868.1);
    expect(isoTime(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000Z');
  });
});
