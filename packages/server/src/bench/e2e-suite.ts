/**
 * The e2e runs of `npm run bench`: one node unconfirmed and confirmed, a 3-node cluster next
 * to one node under the same two-copies load, and RSS over time. Environment knobs:
 * `LNS_BENCH_E2E` (comma list of `single`, `cluster`, `rss`; default all),
 * `LNS_BENCH_RSS_S` (seconds of the RSS run; default 30, the long form is 600),
 * `LNS_BENCH_RSS_RATE` (uplinks/s of the RSS run; default 10 000),
 * `LNS_BENCH_STEP_S` (seconds per rate step; default 2).
 */
import { E2eTarget, e2eLine, stepUntilLoss } from './e2e.js';
import type { E2eSetup, StepOptions } from './e2e.js';
import { runRssBench } from './e2e-rss.js';
import { round } from './stats.js';

const DEDUP_WINDOW_MS = 200;

function stepping(startPerSec: number): StepOptions {
  return {
    startPerSec,
    factor: 1.5,
    maxPerSec: 80_000,
    stepSeconds: Number(process.env.LNS_BENCH_STEP_S ?? 2),
    refineSteps: 2,
  };
}

/** Rate of the warm-up pass (one uplink per device) before the stepping. */
const WARM_UP_PER_SEC = 1500;

async function withTarget<T>(setup: E2eSetup, work: (t: E2eTarget) => Promise<T>): Promise<T> {
  const target = await E2eTarget.start(setup);
  try {
    await target.warmUp(WARM_UP_PER_SEC);
    return await work(target);
  } finally {
    await target.close();
  }
}

/** Runs the selected e2e benches, handing each JSON line to `print`. */
export async function runE2eSuite(
  decodeUsPerFrame: number,
  print: (line: object) => void,
): Promise<void> {
  const parts = new Set((process.env.LNS_BENCH_E2E ?? 'single,cluster,rss').split(','));
  if (parts.has('single')) {
    const setup: E2eSetup = {
      nodes: 1,
      gateways: 10,
      devices: 20_000,
      copies: 1,
      dedupWindowMs: DEDUP_WINDOW_MS,
    };
    await withTarget(setup, async (target) => {
      print(
        e2eLine(setup, false, await stepUntilLoss(target, false, stepping(2000)), decodeUsPerFrame),
      );
      print(
        e2eLine(setup, true, await stepUntilLoss(target, true, stepping(1000)), decodeUsPerFrame),
      );
    });
  }
  if (parts.has('cluster')) {
    const cluster: E2eSetup = {
      nodes: 3,
      gateways: 6,
      devices: 20_000,
      copies: 2,
      dedupWindowMs: DEDUP_WINDOW_MS,
    };
    const single: E2eSetup = { ...cluster, nodes: 1 };
    const clusterRun = await withTarget(cluster, (t) => stepUntilLoss(t, false, stepping(2000)));
    const singleRun = await withTarget(single, (t) => stepUntilLoss(t, false, stepping(2000)));
    const clusterLine = e2eLine(cluster, false, clusterRun, decodeUsPerFrame);
    const singleLine = e2eLine(single, false, singleRun, decodeUsPerFrame);
    print(singleLine);
    const perNode = clusterLine.sustainedUplinksPerSec / cluster.nodes;
    print({
      ...clusterLine,
      singleUplinksPerSec: singleLine.sustainedUplinksPerSec,
      perNodeUplinksPerSec: Math.round(perNode),
      perNodeVsSingle:
        singleLine.sustainedUplinksPerSec === 0
          ? 0
          : round(perNode / singleLine.sustainedUplinksPerSec),
    });
  }
  if (parts.has('rss')) {
    print(
      await runRssBench({
        seconds: Number(process.env.LNS_BENCH_RSS_S ?? 30),
        ratePerSec: Number(process.env.LNS_BENCH_RSS_RATE ?? 10_000),
        devices: 100_000,
        gateways: 10,
        dedupWindowMs: DEDUP_WINDOW_MS,
      }),
    );
  }
}
