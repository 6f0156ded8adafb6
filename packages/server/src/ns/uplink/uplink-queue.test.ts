import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import type { CollectedUplink } from './dedup.js';
import { UplinkQueue } from './uplink-queue.js';
import type { ShedReason, UplinkQueueLimits } from './uplink-queue.js';

const names = new Map<CollectedUplink, string>();

function uplink(name: string, firstMonoMs: number): CollectedUplink {
  const collected: CollectedUplink = {
    copies: [],
    gateways: new Map(),
    receivedMs: 0,
    firstMonoMs,
  };
  names.set(collected, name);
  return collected;
}

const nameOf = (u: CollectedUplink): string => names.get(u) ?? '?';

function setup(limits: UplinkQueueLimits) {
  const clock = new FakeClock();
  const started: string[] = [];
  const shed: [string, ShedReason][] = [];
  const finish = new Map<string, () => void>();
  const queue = new UplinkQueue({
    ...limits,
    clock,
    run: (u) => {
      started.push(nameOf(u));
      return new Promise<void>((resolve) => finish.set(nameOf(u), resolve));
    },
    shed: (u, reason) => shed.push([nameOf(u), reason]),
  });
  const done = async (name: string): Promise<void> => {
    finish.get(name)!();
    // The queue starts the next pipeline once this one's promise settled.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, queue, started, shed, done };
}

describe('UplinkQueue', () => {
  it('runs up to maxInFlight pipelines, then queues in arrival order', async () => {
    const h = setup({ maxInFlight: 2, maxQueued: 10, timeoutMs: 1000 });
    for (const name of ['a', 'b', 'c', 'd']) h.queue.push(uplink(name, h.clock.monotonicMs()));
    expect(h.started).toEqual(['a', 'b']);
    expect(h.queue.inFlight).toBe(2);
    expect(h.queue.queued).toBe(2);
    await h.done('b');
    expect(h.started).toEqual(['a', 'b', 'c']);
    await h.done('a');
    await h.done('c');
    await h.done('d');
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    await h.queue.idle();
    expect(h.queue.inFlight).toBe(0);
    expect(h.shed).toEqual([]);
  });

  it('drops a newcomer when maxQueued uplinks wait (queue_full), so memory stays bounded', () => {
    const h = setup({ maxInFlight: 1, maxQueued: 2, timeoutMs: 1000 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) h.queue.push(uplink(name, h.clock.monotonicMs()));
    expect(h.started).toEqual(['a']);
    expect(h.queue.queued).toBe(2);
    expect(h.shed).toEqual([
      ['d', 'queue_full'],
      ['e', 'queue_full'],
    ]);
    expect(h.queue.shedTotal).toBe(2);
  });

  it('drops an uplink that waited past its deadline when its turn comes (queue_timeout)', async () => {
    const h = setup({ maxInFlight: 1, maxQueued: 10, timeoutMs: 1000 });
    h.queue.push(uplink('a', h.clock.monotonicMs()));
    h.queue.push(uplink('old', h.clock.monotonicMs()));
    h.clock.advance(600);
    h.queue.push(uplink('fresh', h.clock.monotonicMs()));
    h.clock.advance(500);
    // 'old' waited 1100 ms from its first copy, 'fresh' 500 ms.
    await h.done('a');
    expect(h.shed).toEqual([['old', 'queue_timeout']]);
    expect(h.started).toEqual(['a', 'fresh']);
  });

  it('counts the deadline from the first copy, so the dedup window is part of it', async () => {
    const h = setup({ maxInFlight: 1, maxQueued: 10, timeoutMs: 1000 });
    h.queue.push(uplink('a', h.clock.monotonicMs()));
    // Its first copy came 900 ms ago (a long window): 200 ms in the queue are too many.
    h.queue.push(uplink('b', h.clock.monotonicMs() - 900));
    h.clock.advance(200);
    await h.done('a');
    expect(h.shed).toEqual([['b', 'queue_timeout']]);
  });
});
