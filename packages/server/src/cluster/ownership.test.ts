import { describe, expect, it } from 'vitest';
import { OwnershipView, devAddrKey, devEuiKey, fnv1a32 } from './ownership.js';

const keys = Array.from({ length: 30_000 }, (_, i) =>
  devAddrKey((0x26000000 + i).toString(16).padStart(8, '0')),
);

function counts(view: OwnershipView): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) {
    const o = view.owner(k)!;
    out.set(o, (out.get(o) ?? 0) + 1);
  }
  return out;
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test values', () => {
    // Test vectors of the FNV reference (isthe.com/chongo/tech/comp/fnv): "" and "a", "foobar".
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('OwnershipView', () => {
  it('has no owner without members and one owner with one member', () => {
    expect(new OwnershipView([]).owner('x')).toBeUndefined();
    expect(new OwnershipView(['n1']).owner(devAddrKey('26011bda'))).toBe('n1');
  });

  it('gives the same answer whatever the order of the member list', () => {
    const a = new OwnershipView(['n1', 'n2', 'n3']);
    const b = new OwnershipView(['n3', 'n1', 'n2', 'n1']);
    expect(b.members).toEqual(['n1', 'n2', 'n3']);
    for (const k of keys.slice(0, 2000)) expect(b.owner(k)).toBe(a.owner(k));
    expect(a.sameMembers(b)).toBe(true);
    expect(a.sameMembers(new OwnershipView(['n1', 'n2']))).toBe(false);
  });

  it.each([2, 3, 5, 8])('balances 30 000 consecutive DevAddrs over %i members', (n) => {
    const members = Array.from({ length: n }, (_, i) => `node-${i + 1}`);
    const c = counts(new OwnershipView(members));
    expect([...c.keys()].sort()).toEqual([...members].sort());
    const fair = keys.length / n;
    for (const count of c.values()) {
      // 30 000 keys: a binomial share deviates by a few percent at most; 10 % is generous.
      expect(Math.abs(count - fair) / fair).toBeLessThan(0.1);
    }
  });

  it('moves only the leaving member’s keys when one leaves', () => {
    const before = new OwnershipView(['n1', 'n2', 'n3', 'n4']);
    const after = new OwnershipView(['n1', 'n2', 'n4']);
    let moved = 0;
    for (const k of keys) {
      const was = before.owner(k);
      const now = after.owner(k);
      if (was !== 'n3') expect(now).toBe(was);
      else moved++;
    }
    // n3 owned about a quarter; exactly those moved.
    expect(moved / keys.length).toBeGreaterThan(0.2);
    expect(moved / keys.length).toBeLessThan(0.3);
  });

  it('moves only the keys the new member wins when one joins (about 1/N)', () => {
    const before = new OwnershipView(['n1', 'n2', 'n3']);
    const after = new OwnershipView(['n1', 'n2', 'n3', 'n4']);
    let moved = 0;
    for (const k of keys) {
      const now = after.owner(k);
      if (now !== before.owner(k)) {
        expect(now).toBe('n4');
        moved++;
      }
    }
    expect(moved / keys.length).toBeGreaterThan(0.2);
    expect(moved / keys.length).toBeLessThan(0.3);
  });

  it('keys DevAddrs and DevEUIs apart', () => {
    expect(devAddrKey('0102030405060708')).not.toBe(devEuiKey('0102030405060708'));
  });
});
