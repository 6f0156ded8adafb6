/**
 * Runs every benchmark and prints one JSON line per result on stdout (`npm run bench -w
 * @lns/server`); progress goes to stderr. `LNS_BENCH_ONLY` (comma list of decode,
 * uplink-pipeline, cluster-forwarding, e2e) runs a subset; decode always runs, since the e2e
 * lines are given as a ratio to it. A bench whose correctness check fails makes the process
 * exit non-zero. The README's "Benchmarks" table explains every field.
 */
import { runClusterForwardingBench } from './cluster-forwarding.js';
import { runDecodeBench } from './decode.js';
import { runE2eSuite } from './e2e-suite.js';
import { runUplinkBench } from './uplink.js';

const only = process.env.LNS_BENCH_ONLY?.split(',');
const print = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const decode = runDecodeBench();
print(decode);

const benches: readonly [string, () => Promise<void>][] = [
  ['uplink-pipeline', async () => print(await runUplinkBench())],
  ['cluster-forwarding', async () => print(await runClusterForwardingBench())],
  ['e2e', () => runE2eSuite(decode.oursUsPerFrame, print)],
];

for (const [name, run] of benches) {
  if (only !== undefined && !only.includes(name)) continue;
  try {
    await run();
  } catch (err) {
    process.stderr.write(
      `bench ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  }
}
