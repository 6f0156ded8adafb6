/**
 * RSS over time (issue 9): one node under a steady unconfirmed load (10 000 uplinks/s from
 * 100 000 devices by default), its resident memory and uplink counters sampled every second.
 * Memory must level off once the node has processed as many uplinks as there are devices
 * (their sessions are in its caches by then): `growthPct` compares the end of the run with
 * that point. A node that cannot keep up sheds uplinks, and its memory must stay bounded all
 * the same. Frames are built in one-second chunks, so a long run needs no more memory in the
 * generator than a short one.
 */
import { E2eTarget } from './e2e.js';
import { counterDelta, cpuPct, readCounters, sampleNodes, sampleProcess } from './node-observer.js';
import type { UplinkCounters } from './node-observer.js';
import { round } from './stats.js';

export interface RssBenchOptions {
  readonly seconds: number;
  readonly ratePerSec: number;
  readonly devices: number;
  readonly gateways: number;
  readonly dedupWindowMs: number;
}

export interface RssBenchResult {
  readonly bench: 'e2e-rss';
  readonly targetPerSec: number;
  readonly uplinksPerSec: number;
  readonly devices: number;
  readonly seconds: number;
  /**
   * Seconds into the run when the node had processed one uplink per device; growth is
   * measured from there (null: never reached, growth from the first sample).
   */
  readonly warmAtS: number | null;
  readonly rssWarmMb: number;
  readonly rssEndMb: number;
  readonly rssMaxMb: number;
  /** (end - warm) / warm, %, of the whole resident set. */
  readonly growthPct: number;
  /**
   * The same for anonymous memory only (what the node holds: heaps, caches, queues); the rest
   * of the resident set is LevelDB's mapped table files (`fileEndMb`), which follow the
   * database's size on disk and which the kernel reclaims under memory pressure.
   */
  readonly anonWarmMb: number;
  readonly anonEndMb: number;
  readonly anonMaxMb: number;
  readonly anonGrowthPct: number;
  readonly fileEndMb: number;
  /** Uplinks the node counted as processed / uplinks sent. */
  readonly processed: number;
  /** The node's drop reasons over the run (overload shows as queue_full / queue_timeout). */
  readonly dropped: Readonly<Record<string, number>>;
  readonly cpuPct: number;
  /** RSS and its anonymous part every 10 s (MB), for the report. */
  readonly rssEvery10sMb: readonly number[];
  readonly anonEvery10sMb: readonly number[];
}

const growth = (from: number, to: number): number =>
  from === 0 ? 0 : round(((to - from) / from) * 100, 1);

export async function runRssBench(options: RssBenchOptions): Promise<RssBenchResult> {
  const target = await E2eTarget.start({
    nodes: 1,
    gateways: options.gateways,
    devices: options.devices,
    copies: 1,
    dedupWindowMs: options.dedupWindowMs,
  });
  try {
    const node = target.nodes[0]!;
    const samples: {
      atS: number;
      rssMb: number;
      anonMb: number;
      fileMb: number;
      processed: number;
    }[] = [];
    const before = await readCounters(target.nodes);
    const cpuStart = sampleNodes(target.nodes);
    const t0 = performance.now();
    let counters: UplinkCounters = before;
    const timer = setInterval(() => {
      const atS = (performance.now() - t0) / 1000;
      const processed = counters.processed - before.processed;
      const { rssMb, anonMb, fileMb } = sampleProcess(node.pid);
      samples.push({ atS, rssMb, anonMb, fileMb, processed });
      // For the next sample: one /metrics read a second is no load worth mentioning.
      void readCounters(target.nodes).then(
        (c) => (counters = c),
        (err: unknown) => process.stderr.write(`e2e-rss: /metrics not read: ${String(err)}\n`),
      );
    }, 1000);
    let uplinks = 0;
    try {
      for (let chunk = 0; chunk < options.seconds; chunk++) {
        const plan = target.generator.plan(options.ratePerSec, 1, false);
        // Each chunk ends on its second mark whatever its building took.
        const left = (t0 + (chunk + 1) * 1000 - performance.now()) / 1000;
        await target.generator.run(plan, 0, { seconds: Math.max(0.05, left) });
        uplinks += plan.uplinks;
      }
    } finally {
      clearInterval(timer);
    }
    const elapsedS = (performance.now() - t0) / 1000;
    const cpuEnd = sampleNodes(target.nodes);
    await target.settle();
    const delta = counterDelta(before, await readCounters(target.nodes));
    const warmed = samples.find((s) => s.processed >= options.devices);
    const warm = warmed ?? samples[0];
    const end = samples[samples.length - 1];
    const rssWarmMb = round(warm?.rssMb ?? 0, 1);
    const rssEndMb = round(end?.rssMb ?? 0, 1);
    const anonWarmMb = round(warm?.anonMb ?? 0, 1);
    const anonEndMb = round(end?.anonMb ?? 0, 1);
    const every10s = samples.filter((_, i) => (i + 1) % 10 === 0);
    return {
      bench: 'e2e-rss',
      targetPerSec: options.ratePerSec,
      uplinksPerSec: Math.round(uplinks / elapsedS),
      devices: options.devices,
      seconds: options.seconds,
      warmAtS: warmed === undefined ? null : round(warmed.atS, 1),
      rssWarmMb,
      rssEndMb,
      rssMaxMb: round(Math.max(...samples.map((s) => s.rssMb)), 1),
      growthPct: growth(rssWarmMb, rssEndMb),
      anonWarmMb,
      anonEndMb,
      anonMaxMb: round(Math.max(...samples.map((s) => s.anonMb)), 1),
      anonGrowthPct: growth(anonWarmMb, anonEndMb),
      fileEndMb: round(end?.fileMb ?? 0, 1),
      processed: round(delta.processed / uplinks, 4),
      dropped: delta.dropped,
      cpuPct: cpuPct(cpuStart, cpuEnd),
      rssEvery10sMb: every10s.map((s) => Math.round(s.rssMb)),
      anonEvery10sMb: every10s.map((s) => Math.round(s.anonMb)),
    };
  } finally {
    await target.close();
  }
}
