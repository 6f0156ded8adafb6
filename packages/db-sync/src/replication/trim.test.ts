import { describe, expect, it } from 'vitest';
import { defaultOplogRetention, trimTarget } from './trim.js';
import type { TrimInput } from './trim.js';

const base: TrimInput = {
  lastSeq: 1000,
  trimmedSeq: 0,
  memberAcks: [],
  liveAcks: [],
  agedSeq: 0,
  retention: { minEntries: 0, maxEntries: 500, maxAgeMs: 1000 },
};

describe('trimTarget', () => {
  it('trims everything on a node without peers, but the entries always kept', () => {
    expect(trimTarget(base)).toBe(1000);
    expect(trimTarget({ ...base, retention: { ...base.retention, minEntries: 100 } })).toBe(900);
  });

  it('trims up to the lowest position every member acknowledged', () => {
    expect(trimTarget({ ...base, memberAcks: [800, 700], liveAcks: [800, 700] })).toBe(700);
  });

  it('keeps what a down member lacks until the log is over its size limit', () => {
    const input = { ...base, memberAcks: [900, 600], liveAcks: [900] };
    expect(trimTarget(input)).toBe(600);
    expect(trimTarget({ ...input, memberAcks: [900, 300] })).toBe(500);
  });

  it('drops entries older than the age limit even if a down member lacks them', () => {
    expect(trimTarget({ ...base, memberAcks: [900, 100], liveAcks: [900], agedSeq: 650 })).toBe(
      650,
    );
  });

  it('never trims what a live member has not acknowledged', () => {
    expect(trimTarget({ ...base, memberAcks: [100], liveAcks: [100], agedSeq: 999 })).toBe(100);
  });

  it('never moves the trimmed position back', () => {
    expect(trimTarget({ ...base, trimmedSeq: 950, memberAcks: [10], liveAcks: [10] })).toBe(950);
  });

  it('has defaults that keep a recent tail', () => {
    expect(defaultOplogRetention.minEntries).toBeGreaterThan(0);
    expect(defaultOplogRetention.maxEntries).toBeGreaterThan(defaultOplogRetention.minEntries);
  });
});
