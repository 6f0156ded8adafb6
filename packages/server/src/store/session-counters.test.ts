import { describe, expect, it } from 'vitest';
import type { NodeSession } from '../ns/index.js';
import type { DevAddr } from '../shared/index.js';
import { mergeSessionCounters, stampCounterEpoch } from './session-counters.js';

const base: NodeSession = {
  id: '26011bda' as DevAddr,
  profileId: 'p',
  nwkSKey: '44024241ed4ce9a68c6a8bc055233fd3',
  appSKey: 'ec925802ae430ca77fd3dd73cb2cc588',
  fCntUp: 10,
  fCntDown: 5,
};

describe('mergeSessionCounters', () => {
  it('keeps the last writer’s record with the larger counters of both', () => {
    const winner = { ...base, fCntUp: 8, fCntDown: 9, lastRx: 'w' };
    const loser = { ...base, fCntUp: 12, fCntDown: 4, lastRx: 'l' };
    expect(mergeSessionCounters(winner, loser)).toEqual({ ...winner, fCntUp: 12, fCntDown: 9 });
  });

  it('is idempotent and converges whatever the arrival order', () => {
    const v1 = { ...base, fCntUp: 20, fCntDown: 1 };
    const v2 = { ...base, fCntUp: 15, fCntDown: 30 };
    const v3 = { ...base, fCntUp: 18, fCntDown: 2, lastRx: 'newest' };
    // LWW order v1 < v2 < v3: each node folds what it receives into what it stores.
    const fold = (stored: NodeSession, incoming: NodeSession, incomingWins: boolean) =>
      incomingWins
        ? mergeSessionCounters(incoming, stored)
        : mergeSessionCounters(stored, incoming);
    const a = fold(fold(v1, v2, true), v3, true);
    const b = fold(fold(v3, v1, false), v2, false);
    const c = fold(fold(v2, v3, true), v1, false);
    expect(a).toEqual({ ...v3, fCntUp: 20, fCntDown: 30 });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(mergeSessionCounters(v3, a)).toEqual(a);
  });

  it('lets a higher counter epoch (a deliberate reset) win over larger counters', () => {
    const reset = { ...base, fCntUp: 0, fCntDown: 0, counterEpoch: 1 };
    const old = { ...base, fCntUp: 500, fCntDown: 90 };
    expect(mergeSessionCounters(reset, old)).toEqual(reset);
    // The reset lost the LWW race against a concurrent write of the old epoch: its counters win.
    const concurrent = { ...base, fCntUp: 501, fCntDown: 91, lastRx: 'late' };
    expect(mergeSessionCounters(concurrent, reset)).toEqual({
      ...concurrent,
      fCntUp: 0,
      fCntDown: 0,
      counterEpoch: 1,
    });
  });

  it('does not merge two different sessions under one DevAddr', () => {
    const other = { ...base, nwkSKey: '00'.repeat(16), fCntUp: 1, fCntDown: 0 };
    expect(mergeSessionCounters(other, base)).toEqual(other);
  });

  it('takes a defined FCntUp over an undefined one', () => {
    const fresh: NodeSession = { ...base };
    delete (fresh as { fCntUp?: number }).fCntUp;
    expect(mergeSessionCounters(fresh, base).fCntUp).toBe(10);
    expect(mergeSessionCounters(base, fresh).fCntUp).toBe(10);
  });
});

describe('stampCounterEpoch', () => {
  it('carries the epoch on for a write that only raises counters', () => {
    const stored = { ...base, counterEpoch: 2 };
    expect(stampCounterEpoch({ ...base, fCntUp: 11 }, stored)).toEqual({
      ...base,
      fCntUp: 11,
      counterEpoch: 2,
    });
    expect(stampCounterEpoch({ ...base, fCntUp: 11 }, base)).toEqual({ ...base, fCntUp: 11 });
  });

  it('starts the next epoch when a counter goes down', () => {
    expect(stampCounterEpoch({ ...base, fCntUp: 0, fCntDown: 0 }, base).counterEpoch).toBe(1);
    expect(
      stampCounterEpoch({ ...base, fCntDown: 4 }, { ...base, counterEpoch: 3 }).counterEpoch,
    ).toBe(4);
    const noUp: NodeSession = { ...base };
    delete (noUp as { fCntUp?: number }).fCntUp;
    expect(stampCounterEpoch(noUp, base).counterEpoch).toBe(1);
  });

  it('leaves new sessions and other keys alone', () => {
    expect(stampCounterEpoch(base, undefined)).toBe(base);
    expect(
      stampCounterEpoch({ ...base, nwkSKey: '00'.repeat(16), fCntUp: 0 }, base).counterEpoch,
    ).toBeUndefined();
  });
});
