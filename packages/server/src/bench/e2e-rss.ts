/**
 * RSS over time (issue 9): one node under a steady unconfirmed load (10 000 uplinks/s from
 * 100 000 devices by default), its resident memory sampled every second. Memory must level
 * off once every device has been heard (its session read into the caches): `growthPct`
 * compares the end of the run with that point. Frames are built one second ahead, in
 * one-second chunks, so a long run needs no more memory in the generator than a short one.
 */
import { E2eTarget } from './e2e.js';
import { counterDelta, cpuPct, readCounters, sampleNodes, sampleProcess } from './node-observer.js';
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
  /** When every device had sent once (ms into the run); growth is measured from here. */
  readonly warmAtS: number;
  readonly rssWarmMb: number;
  readonly rssEndMb: number;
  readonly rssMaxMb: number;
  /** (end - warm) / warm, %. */
  readonly growthPct: number;
  /** Uplinks the node counted as processed / uplinks sent. */
  readonly processed: number;
  readonly cpuPct: number;
  /** RSS every 10 s (MB), for the report. */
  readonly rssEvery10sMb: readonly number[];
}

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
    const samples: { atS: number; rssMb: number }[] = [];
    const before = await readCounters(target.nodes);
    const cpuStart = sampleNodes(target.nodes);
    const t0 = performance.now();
    const timer = setInterval(() => {
      samples.push({ atS: (performance.now() - t0) / 1000, rssMb: sampleProcess(node.pid).rssMb });
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
    const warmAtS = options.devices / options.ratePerSec;
    const warm = samples.find((s) => s.atS >= warmAtS) ?? samples[0];
    const end = samples[samples.length - 1];
    const rssWarmMb = round(warm?.rssMb ?? 0, 1);
    const rssEndMb = round(end?.rssMb ?? 0, 1);
    return {
      bench: 'e2e-rss',
      targetPerSec: options.ratePerSec,
      uplinksPerSec: Math.round(uplinks / elapsedS),
      devices: options.devices,
      seconds: options.seconds,
      warmAtS: round(warm?.atS ?? 0, 1),
      rssWarmMb,
      rssEndMb,
      rssMaxMb: round(Math.max(...samples.map((s) => s.rssMb)), 1),
      growthPct: rssWarmMb === 0 ? 0 : round(((rssEndMb - rssWarmMb) / rssWarmMb) * 100, 1),
      processed: round(delta.processed / uplinks, 4),
      cpuPct: cpuPct(cpuStart, cpuEnd),
      rssEvery10sMb: samples.filter((_, i) => (i + 1) % 10 === 0).map((s) => Math.round(s.rssMb)),
    };
  } finally {
    await target.close();
  }
}
