import { describe, expect, it } from 'vitest';
import { isoTime } from './records.js';

describe('records', () => {
  it('writes ISO times as SPEC does', () => {
    expect(isoTime(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000Z');
  });
});
