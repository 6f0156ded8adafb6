/**
 * Runs every benchmark and prints one JSON line per bench on stdout (`npm run bench -w
 * @lns/server`). A bench whose correctness check fails makes the process exit non-zero.
 */
import { runClusterForwardingBench } from './cluster-forwarding.js';
import { runDecodeBench } from './decode.js';
import { runUplinkBench } from './uplink.js';

const benches: readonly (() => object | Promise<object>)[] = [
  runDecodeBench,
  () => runUplinkBench(),
  () => runClusterForwardingBench(),
];

for (const run of benches) {
  try {
    process.stdout.write(`${JSON.stringify(await run())}\n`);
  } catch (err) {
    process.stderr.write(
      `bench ${run.name} failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  }
}
