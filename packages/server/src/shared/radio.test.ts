import { describe, expect, it } from 'vitest';
import { dataRateName } from './radio.js';

describe('dataRateName', () => {
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
    expect(dataRateName(dataRate)).toBe(datr);
  });
});
