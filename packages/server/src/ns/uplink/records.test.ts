import { describe, expect, it } from 'vitest';
import { isoTime, mhzOf } from './records.js';

describe('records', () => {
  it('writes MHz and ISO times as GWMP and SPEC do', () => {
    expect(mhzOf(868_100_000)).toBe(868.1);
    expect(isoTime(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000Z');
  });
});
