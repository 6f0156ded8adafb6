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
