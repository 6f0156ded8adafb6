import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, compareBuckets, differingBuckets } from './anti-entropy.js';
import type { VersionRow } from './messages.js';

describe('anti-entropy buckets', () => {
  it('spreads keys over every bucket, the same way on every node', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i += 1) seen.add(bucketOf(`key-${i}`));
    expect(seen.size).toBe(BUCKETS);
    expect(bucketOf('70b3d57ed0000001')).toBe(bucketOf('70b3d57ed0000001'));
  });

  it('lists the buckets whose digests differ', () => {
    const a = Array.from({ length: BUCKETS }, (_, i) => `h${i}`);
    const b = [...a];
    b[3] = 'other';
    b[200] = '';
    expect(differingBuckets(a, b)).toEqual([3, 200]);
  });

  it('sends what is newer or missing on the other side, and asks for the rest', () => {
    const ours: VersionRow[] = [
      ['same', '0001', 'a', 0],
      ['ours-newer', '0005', 'a', 0],
      ['theirs-newer', '0001', 'a', 0],
      ['only-ours', '0001', 'a', 1],
      ['tie-origin', '0003', 'b', 0],
    ];
    const theirs: VersionRow[] = [
      ['same', '0001', 'a', 0],
      ['ours-newer', '0004', 'b', 0],
      ['theirs-newer', '0002', 'a', 1],
      ['only-theirs', '0001', 'b', 0],
      ['tie-origin', '0003', 'a', 0],
    ];
    expect(compareBuckets(ours, theirs)).toEqual({
      send: ['ours-newer', 'tie-origin', 'only-ours'],
      want: ['theirs-newer', 'only-theirs'],
    });
  });
});
