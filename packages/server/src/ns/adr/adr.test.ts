import { describe, expect, it } from 'vitest';
import { getRegion } from '../../lorawan/index.js';
import type { RegionName } from '../../lorawan/index.js';
import type { AdrState } from '../model.js';
import {
  computeAdr,
  defaultAdrConfig,
  initialAdrState,
  linkAdrRequests,
  observeDataRate,
  pushSnr,
} from './adr.js';
import { loraRequiredSnrDb } from './required-snr.js';

const state = (o: Partial<AdrState>): AdrState => ({
  dataRate: 5,
  txPower: 0,
  nbTrans: 1,
  snrHistory: [0],
  ...o,
});
const full = (snrDb: number): number[] => Array.from({ length: 20 }, () => snrDb);

describe('loraRequiredSnrDb', () => {
  it.each([
    [7, -7.5],
    [8, -10],
    [9, -12.5],
    [10, -15],
    [11, -17.5],
    [12, -20],
  ])('SF%i needs %f dB', (sf, snr) => {
    expect(loraRequiredSnrDb(sf)).toBe(snr);
  });
});

describe('computeAdr (margin 10 dB, 3 dB per step)', () => {
  it.each([
    {
      name: 'SF12 with 15 dB spare: five steps, all data rate',
      region: 'EU868',
      input: state({ dataRate: 0, snrHistory: [5] }),
      expected: { dataRate: 5, txPower: 0, nbTrans: 1 },
    },
    {
      name: 'at the fastest rate: spare steps lower the power',
      region: 'EU868',
      input: state({ snrHistory: [1, 10, 4] }),
      expected: { dataRate: 5, txPower: 2, nbTrans: 1 },
    },
    {
      name: 'power never goes below the lowest TXPower index',
      region: 'EU868',
      input: state({ txPower: 6, snrHistory: [30] }),
      expected: { dataRate: 5, txPower: 7, nbTrans: 1 },
    },
    {
      name: 'US915 tops out at DR3 (the fastest 125 kHz rate)',
      region: 'US915',
      input: state({ dataRate: 0, snrHistory: [10] }),
      expected: { dataRate: 3, txPower: 2, nbTrans: 1 },
    },
    {
      name: 'negative margin with a full history raises power back',
      region: 'EU868',
      input: state({ txPower: 3, snrHistory: full(-5) }),
      expected: { dataRate: 5, txPower: 1, nbTrans: 1 },
    },
    {
      name: 'keeps NbTrans as it is',
      region: 'EU868',
      input: state({ dataRate: 3, nbTrans: 2, snrHistory: [2] }),
      expected: { dataRate: 4, txPower: 0, nbTrans: 2 },
    },
  ] as const)('$name', ({ region, input, expected }) => {
    expect(computeAdr(input, getRegion(region as RegionName), defaultAdrConfig)).toEqual(expected);
  });

  it.each([
    { name: 'no spare margin', input: state({ snrHistory: [2.5] }) },
    { name: 'negative margin on a short history', input: state({ txPower: 3, snrHistory: [-5] }) },
    { name: 'never lowers the data rate', input: state({ txPower: 0, snrHistory: full(-20) }) },
    { name: 'empty history', input: state({ snrHistory: [] }) },
    { name: 'not a 125 kHz LoRa rate (SF7BW250)', input: state({ dataRate: 6, snrHistory: [20] }) },
    { name: 'FSK', input: state({ dataRate: 7, snrHistory: [20] }) },
  ])('no change: $name', ({ input }) => {
    expect(computeAdr(input, getRegion('EU868'))).toBeUndefined();
  });
});

describe('ADR state', () => {
  it('starts at max power, one transmission', () => {
    expect(observeDataRate(undefined, 3)).toEqual(initialAdrState(3));
    expect(initialAdrState(3)).toEqual({ dataRate: 3, txPower: 0, nbTrans: 1, snrHistory: [] });
  });

  it('tracks the data rate and keeps the newest SNRs', () => {
    let s = initialAdrState(0);
    for (let i = 0; i < 25; i++) s = pushSnr(s, i, 20);
    expect(s.snrHistory).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
    const same = observeDataRate(s, 0);
    expect(same).toBe(s);
    expect(observeDataRate(s, 4).dataRate).toBe(4);
  });
});

describe('linkAdrRequests', () => {
  it('EU868: one command, "all channels on" with the network channels in the mask', () => {
    const reqs = linkAdrRequests(
      { dataRate: 5, txPower: 2, nbTrans: 1 },
      getRegion('EU868'),
      '1.0.3',
    );
    expect(reqs).toEqual([
      { name: 'LinkADRReq', dataRate: 5, txPower: 2, chMask: 0xff, chMaskCntl: 6, nbTrans: 1 },
    ]);
  });

  it('US915: every channel on (the device state after a join without CFList)', () => {
    const reqs = linkAdrRequests(
      { dataRate: 3, txPower: 0, nbTrans: 1 },
      getRegion('US915'),
      '1.0.2',
    );
    expect(reqs).toEqual([
      { name: 'LinkADRReq', dataRate: 3, txPower: 0, chMask: 0xff, chMaskCntl: 6, nbTrans: 1 },
    ]);
  });
});
