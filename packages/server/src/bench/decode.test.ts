import { describe, expect, it } from 'vitest';
import { BenchMismatchError, buildBenchFrames, checkAgreement, runDecodeBench } from './decode.js';

describe('decode bench', () => {
  it('builds distinct frames on which lns and lora-packet agree', () => {
    const set = buildBenchFrames(10, 3);
    expect(set.frames).toHaveLength(30);
    expect(new Set(set.frames.map((f) => f.bytes.toString('hex'))).size).toBe(30);
    expect(set.frames.some((f) => f.fCnt32 > 0xffff)).toBe(true);
    expect(() => checkAgreement(set)).not.toThrow();
  });

  it('detects a frame whose plaintext differs from what was built', () => {
    const set = buildBenchFrames(2, 2);
    const [first, ...rest] = set.frames;
    const wrong = { ...first!, plaintext: Buffer.concat([first!.plaintext, Buffer.from([0])]) };
    expect(() => checkAgreement({ ...set, frames: [wrong, ...rest] })).toThrow(BenchMismatchError);
  });

  it('reports one result in the documented shape', () => {
    const result = runDecodeBench({
      sessions: 4,
      framesPerSession: 2,
      rounds: 1,
      warmupRounds: 0,
      oursPassesPerRound: 1,
    });
    expect(Object.keys(result)).toEqual([
      'bench',
      'oursUsPerFrame',
      'loraPacketUsPerFrame',
      'ratio',
      'frames',
    ]);
    expect(result.bench).toBe('decode');
    expect(result.frames).toBe(8);
    for (const n of [result.oursUsPerFrame, result.loraPacketUsPerFrame, result.ratio]) {
      expect(Number.isFinite(n) && n > 0).toBe(true);
    }
  });
});
