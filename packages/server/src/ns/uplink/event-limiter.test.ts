import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { EventLimiter } from './event-limiter.js';

describe('EventLimiter', () => {
  it('lets one event per kind and entity through per interval', () => {
    const clock = new FakeClock();
    const limiter = new EventLimiter(clock, 60_000);
    expect(limiter.allow('unknown_gateway', 'a')).toBe(true);
    expect(limiter.allow('unknown_gateway', 'a')).toBe(false);
    expect(limiter.allow('unknown_gateway', 'b')).toBe(true);
    expect(limiter.allow('unknown_devaddr', 'a')).toBe(true);
    clock.advance(59_999);
    expect(limiter.allow('unknown_gateway', 'a')).toBe(false);
    clock.advance(1);
    expect(limiter.allow('unknown_gateway', 'a')).toBe(true);
  });
});

describe('EventLimiter under a flood of made-up entities', () => {
  it('holds at most maxKeys entries and drops events for new entities while full', () => {
    const clock = new FakeClock();
    const limiter = new EventLimiter(clock, 60_000, 3);
    expect(['a', 'b', 'c'].map((e) => limiter.allow('unknown_gateway', e))).toEqual([
      true,
      true,
      true,
    ]);
    for (let i = 0; i < 1000; i++) expect(limiter.allow('unknown_gateway', `x${i}`)).toBe(false);
    expect(limiter.size).toBe(3);
    // Known entities keep their interval while the table is full.
    expect(limiter.allow('unknown_gateway', 'a')).toBe(false);
    // Once the entries age out, new entities are reported again.
    clock.advance(60_000);
    expect(limiter.allow('unknown_gateway', 'x0')).toBe(true);
    expect(limiter.size).toBe(1);
  });
});
