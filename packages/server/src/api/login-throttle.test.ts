import { describe, expect, it } from 'vitest';
import { LoginThrottle, defaultLoginThrottle } from './login-throttle.js';

function throttle(options = defaultLoginThrottle) {
  const clock = { ms: 0 };
  return { clock, t: new LoginThrottle(() => clock.ms, options) };
}

describe('LoginThrottle', () => {
  it('lets a user fail five times, then blocks 1 s, 2 s, 4 s … up to 15 min', () => {
    const { clock, t } = throttle();
    for (let i = 0; i < 5; i++) expect(t.fail('admin', `10.0.0.${i}`)).toEqual([]);
    expect(t.retryAfterMs('admin', '10.0.1.1')).toBe(0);
    expect(t.fail('admin', '10.0.0.9')).toEqual([
      { kind: 'user', value: 'admin', failures: 6, blockMs: 1000 },
    ]);
    expect(t.retryAfterMs('admin', '10.0.1.1')).toBe(1000);
    clock.ms += 400;
    expect(t.retryAfterMs('admin', '10.0.1.1')).toBe(600);
    // Other users are free.
    expect(t.retryAfterMs('viewer', '10.0.1.1')).toBe(0);
    const blocks: number[] = [];
    for (let i = 0; i < 14; i++) {
      clock.ms += t.retryAfterMs('admin', '10.0.1.1');
      blocks.push(t.fail('admin', `10.0.2.${i}`)[0]!.blockMs);
    }
    expect(blocks).toEqual([
      2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000, 900_000,
      900_000, 900_000, 900_000,
    ]);
  });

  it('a right password clears the user, but not the address', () => {
    const { t } = throttle();
    for (let i = 0; i < 5; i++) t.fail('admin', '10.0.0.1');
    t.succeed('admin');
    expect(t.fail('admin', '10.0.0.1')).toEqual([]);
    for (let i = 0; i < 14; i++) t.fail(`user${i}`, '10.0.0.1');
    // 20 failures from the address so far: the 21st blocks it for every user name.
    expect(t.fail('someone', '10.0.0.1')).toEqual([
      { kind: 'address', value: '10.0.0.1', failures: 21, blockMs: 1000 },
    ]);
    expect(t.retryAfterMs('fresh-name', '10.0.0.1')).toBe(1000);
    expect(t.retryAfterMs('fresh-name', '10.0.0.2')).toBe(0);
  });

  it('forgets a key after an hour of quiet', () => {
    const { clock, t } = throttle();
    for (let i = 0; i < 6; i++) t.fail('admin', '10.0.0.1');
    clock.ms += 60 * 60_000 + 1;
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
    expect(t.fail('admin', '10.0.0.1')).toEqual([]);
  });

  it('holds at most maxKeys keys, dropping the least recently failed', () => {
    const { t } = throttle({ ...defaultLoginThrottle, maxKeys: 100 });
    for (let i = 0; i < 6; i++) t.fail('admin', '10.0.0.1');
    for (let i = 0; i < 1000; i++) t.fail(`random-${i}`, '10.0.0.1');
    expect(t.size).toBe(100);
    // The address, failing all the time, stays; the oldest user keys went.
    expect(t.retryAfterMs('x', '10.0.0.1')).toBeGreaterThan(0);
    expect(t.retryAfterMs('admin', '10.0.0.2')).toBe(0);
  });
});
