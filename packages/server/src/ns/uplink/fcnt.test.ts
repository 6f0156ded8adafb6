import { describe, expect, it } from 'vitest';
import { checkFCnt, fCntCandidates } from './fcnt.js';
import type { FCntCheckInput, FCntVerdict } from './fcnt.js';

describe('fCntCandidates', () => {
  it.each([
    { name: 'first uplink', last: undefined, fCnt16: 7, expected: [7] },
    { name: 'next counter', last: 10, fCnt16: 11, expected: [11] },
    { name: 'same counter', last: 10, fCnt16: 10, expected: [10] },
    { name: 'below last: next epoch, then same epoch', last: 10, fCnt16: 3, expected: [65539, 3] },
    { name: '16-bit rollover', last: 65535, fCnt16: 0, expected: [65536, 0] },
    {
      name: 'second epoch: forward, backward, bare',
      last: 70_000,
      fCnt16: 2,
      expected: [131_074, 65_538, 2],
    },
    { name: 'second epoch forward', last: 70_000, fCnt16: 4465, expected: [70_001, 4465] },
    { name: 'top of the 32-bit range', last: 0xffffffff, fCnt16: 0, expected: [0xffff0000, 0] },
  ])('$name', ({ last, fCnt16, expected }) => {
    expect(fCntCandidates(last, fCnt16)).toEqual(expected);
  });
});

describe('checkFCnt', () => {
  const base: FCntCheckInput = {
    mode: 'strict32',
    macVersion: '1.0.3',
    lastFCnt: 100,
    fCnt32: 101,
    maxFCntGap: 16384,
  };
  const cases: { name: string; input: Partial<FCntCheckInput>; expected: FCntVerdict }[] = [
    { name: 'strict32: next', input: {}, expected: { kind: 'new' } },
    {
      name: 'strict32: first uplink',
      input: { lastFCnt: undefined, fCnt32: 5 },
      expected: { kind: 'new' },
    },
    { name: 'strict32: same', input: { fCnt32: 100 }, expected: { kind: 'retransmission' } },
    { name: 'strict32: below', input: { fCnt32: 99 }, expected: { kind: 'replay' } },
    {
      name: 'strict32: restart at 0 is a replay',
      input: { fCnt32: 0 },
      expected: { kind: 'replay' },
    },
    {
      name: 'strict32: rollover to 32 bits',
      input: { lastFCnt: 65535, fCnt32: 65536 },
      expected: { kind: 'new' },
    },
    {
      name: '1.0.3: gap of exactly max',
      input: { fCnt32: 100 + 16384 },
      expected: { kind: 'new' },
    },
    {
      name: '1.0.3: gap over max',
      input: { fCnt32: 100 + 16385 },
      expected: { kind: 'gap', gap: 16385 },
    },
    {
      name: '1.0.2: gap over max',
      input: { macVersion: '1.0.2', fCnt32: 100 + 20000 },
      expected: { kind: 'gap', gap: 20000 },
    },
    {
      name: '1.0.4: gap over max accepted',
      input: { macVersion: '1.0.4', fCnt32: 100 + 16385 },
      expected: { kind: 'new' },
    },
    {
      name: 'reset-allowed: restart at 0',
      input: { mode: 'reset-allowed', fCnt32: 0 },
      expected: { kind: 'reset' },
    },
    {
      name: 'reset-allowed: restart, first frames lost',
      input: { mode: 'reset-allowed', fCnt32: 9 },
      expected: { kind: 'reset' },
    },
    {
      name: 'reset-allowed: too far from 0',
      input: { mode: 'reset-allowed', fCnt32: 10 },
      expected: { kind: 'replay' },
    },
    {
      name: 'reset-allowed: same',
      input: { mode: 'reset-allowed', fCnt32: 100 },
      expected: { kind: 'retransmission' },
    },
    {
      name: 'reset-allowed: gap',
      input: { mode: 'reset-allowed', fCnt32: 20000 },
      expected: { kind: 'gap', gap: 19900 },
    },
    { name: 'disabled: below', input: { mode: 'disabled', fCnt32: 3 }, expected: { kind: 'new' } },
    { name: 'disabled: same', input: { mode: 'disabled', fCnt32: 100 }, expected: { kind: 'new' } },
    {
      name: 'disabled: gap',
      input: { mode: 'disabled', fCnt32: 60000 },
      expected: { kind: 'new' },
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(checkFCnt({ ...base, ...input })).toEqual(expected);
  });
});
