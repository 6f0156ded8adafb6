import { describe, expect, it } from 'vitest';
import { SyncError } from './errors.js';
import {
  HybridClock,
  assertNodeId,
  compareHlc,
  decodeHlc,
  encodeHlc,
  encodeWallMs,
} from './hlc.js';
import type { Hlc } from './hlc.js';
import { manualClock } from './test/manual-clock.js';

describe('HybridClock.now', () => {
  it('follows the wall clock when it moves forward', () => {
    const wall = manualClock(1_000);
    const clock = new HybridClock('a', wall.now);
    expect(clock.now()).toEqual({ wallMs: 1_000, logical: 0, nodeId: 'a' });
    wall.set(1_005);
    expect(clock.now()).toEqual({ wallMs: 1_005, logical: 0, nodeId: 'a' });
  });

  it('counts events within one millisecond with the logical part', () => {
    const clock = new HybridClock('a', () => 1_000);
    expect([clock.now(), clock.now(), clock.now()].map((h) => h.logical)).toEqual([0, 1, 2]);
  });

  it('never goes back when the wall clock does', () => {
    const wall = manualClock(5_000);
    const clock = new HybridClock('a', wall.now);
    const before = clock.now();
    wall.set(1_000);
    const after = clock.now();
    expect(compareHlc(after, before)).toBe(1);
    expect(after).toEqual({ wallMs: 5_000, logical: 1, nodeId: 'a' });
  });

  it('moves the wall part one millisecond ahead when the counter would overflow', () => {
    const clock = new HybridClock('a', () => 1_000, {
      last: { wallMs: 1_000, logical: 0xffffff, nodeId: 'a' },
    });
    expect(clock.now()).toEqual({ wallMs: 1_001, logical: 0, nodeId: 'a' });
  });

  it('starts above the last timestamp of a previous run', () => {
    const clock = new HybridClock('a', () => 10, {
      last: { wallMs: 9_000, logical: 3, nodeId: 'a' },
    });
    expect(clock.now()).toEqual({ wallMs: 9_000, logical: 4, nodeId: 'a' });
  });

  it('is strictly increasing over a long run with a jumping wall clock', () => {
    let step = 0;
    const clock = new HybridClock('a', () => 1_000 + ((step++ * 7919) % 13) * 3);
    let previous = clock.now();
    for (let i = 0; i < 2_000; i += 1) {
      const next = clock.now();
      expect(compareHlc(next, previous)).toBe(1);
      expect(encodeHlc(next) > encodeHlc(previous)).toBe(true);
      previous = next;
    }
  });

  it('rejects a wall clock that returns no time', () => {
    const clock = new HybridClock('a', () => Number.NaN);
    expect(() => clock.now()).toThrow(expect.objectContaining({ code: 'SYNC_INVALID_HLC' }));
  });
});

describe('HybridClock.receive', () => {
  it('jumps ahead of a remote timestamp from the future', () => {
    const clock = new HybridClock('a', () => 1_000);
    const got = clock.receive({ wallMs: 50_000, logical: 7, nodeId: 'b' });
    expect(got).toEqual({ wallMs: 50_000, logical: 8, nodeId: 'a' });
    expect(compareHlc(clock.now(), { wallMs: 50_000, logical: 8, nodeId: 'b' })).toBe(1);
  });

  it('keeps its own time when the remote one is older', () => {
    const clock = new HybridClock('a', () => 1_000);
    clock.now();
    expect(clock.receive({ wallMs: 10, logical: 99, nodeId: 'b' })).toEqual({
      wallMs: 1_000,
      logical: 1,
      nodeId: 'a',
    });
  });

  it('takes the larger counter when both sit on the same millisecond', () => {
    const clock = new HybridClock('a', () => 500, {
      last: { wallMs: 1_000, logical: 2, nodeId: 'a' },
    });
    expect(clock.receive({ wallMs: 1_000, logical: 9, nodeId: 'b' })).toEqual({
      wallMs: 1_000,
      logical: 10,
      nodeId: 'a',
    });
  });

  it('restarts the counter when the wall clock is ahead of both', () => {
    const clock = new HybridClock('a', () => 2_000, {
      last: { wallMs: 1_000, logical: 2, nodeId: 'a' },
    });
    expect(clock.receive({ wallMs: 1_500, logical: 9, nodeId: 'b' })).toEqual({
      wallMs: 2_000,
      logical: 0,
      nodeId: 'a',
    });
  });

  it('refuses a remote clock beyond maxDriftMs and stays where it was', () => {
    const clock = new HybridClock('a', () => 1_000, { maxDriftMs: 500 });
    const before = clock.now();
    expect(() => clock.receive({ wallMs: 1_501, logical: 0, nodeId: 'b' })).toThrow(
      expect.objectContaining({ code: 'SYNC_CLOCK_DRIFT' }),
    );
    expect(clock.last()).toEqual(before);
    expect(clock.receive({ wallMs: 1_500, logical: 0, nodeId: 'b' }).wallMs).toBe(1_500);
  });
});

describe('compareHlc', () => {
  const base: Hlc = { wallMs: 10, logical: 5, nodeId: 'm' };
  it.each([
    ['wall time first', { ...base, wallMs: 11, logical: 0, nodeId: 'a' }],
    ['then the counter', { ...base, logical: 6, nodeId: 'a' }],
    ['then the node id', { ...base, nodeId: 'n' }],
  ])('orders by %s', (_name, later) => {
    expect(compareHlc(later, base)).toBe(1);
    expect(compareHlc(base, later)).toBe(-1);
    expect(encodeHlc(later) > encodeHlc(base)).toBe(true);
  });

  it('is zero only for equal timestamps', () => {
    expect(compareHlc(base, { ...base })).toBe(0);
  });
});

describe('encodeHlc / decodeHlc', () => {
  it('encodes to fixed-width hex plus the node id and back', () => {
    const hlc: Hlc = { wallMs: 1_700_000_000_123, logical: 42, nodeId: 'node-1' };
    const text = encodeHlc(hlc);
    expect(text).toBe('018bcfe5687b00002anode-1');
    expect(decodeHlc(text)).toEqual(hlc);
  });

  it('sorts like compareHlc across magnitudes', () => {
    const stamps: Hlc[] = [
      { wallMs: 0, logical: 0, nodeId: 'a' },
      { wallMs: 0, logical: 0xffffff, nodeId: 'a' },
      { wallMs: 1, logical: 0, nodeId: 'a' },
      { wallMs: 0xfff, logical: 3, nodeId: 'b' },
      { wallMs: 0x1000, logical: 0, nodeId: 'a' },
      { wallMs: 0xffffffffffff, logical: 0, nodeId: 'a' },
    ];
    const byText = [...stamps].sort((x, y) => (encodeHlc(x) < encodeHlc(y) ? -1 : 1));
    expect(byText).toEqual([...stamps].sort(compareHlc));
  });

  it('gives the time prefix that bounds everything issued later', () => {
    expect(encodeWallMs(255)).toBe('0000000000ff');
    expect(encodeHlc({ wallMs: 254, logical: 0xffffff, nodeId: 'z' }) < encodeWallMs(255)).toBe(
      true,
    );
    expect(encodeHlc({ wallMs: 255, logical: 0, nodeId: '!' }) > encodeWallMs(255)).toBe(true);
  });

  it.each(['', 'xyz', '00000000000g000000a', '000000000000000000', '000000000000000000a b'])(
    'rejects %j with SYNC_INVALID_HLC',
    (text) => {
      expect(() => decodeHlc(text)).toThrow(SyncError);
      expect(() => decodeHlc(text)).toThrow(expect.objectContaining({ code: 'SYNC_INVALID_HLC' }));
    },
  );
});

describe('assertNodeId', () => {
  it.each(['a', 'node-1', 'eu1.lns:7', 'x'.repeat(128)])('accepts %j', (id) => {
    expect(() => assertNodeId(id)).not.toThrow();
  });

  it.each(['', 'has space', 'é', 'x'.repeat(129), 'tab\t'])('rejects %j', (id) => {
    expect(() => assertNodeId(id)).toThrow(
      expect.objectContaining({ code: 'SYNC_INVALID_NODE_ID' }),
    );
  });

  it('is checked by the clock constructor', () => {
    expect(() => new HybridClock('', () => 0)).toThrow(
      expect.objectContaining({ code: 'SYNC_INVALID_NODE_ID' }),
    );
  });
});
