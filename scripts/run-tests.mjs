#!/usr/bin/env node
// Runs every vitest project and ends with the plain line `N passed, N failed` that CI reads
// (CI does not parse vitest's own summary). Exits non-zero when anything failed or when no
// test ran at all, so an empty run can never pass as green.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const report = '.vitest-report.json';
rmSync(report, { force: true });
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
    ...process.argv.slice(2),
  ],
  // The global setup installs the suite's Debian packages (as root) before any test starts.
  { stdio: 'inherit', env: { ...process.env, LNS_TEST_PREINSTALL: '1' } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests;
  skipped = summary.numPendingTests + summary.numTodoTests;
  // A failed file whose tests did not run (it failed to load, or a beforeAll threw and vitest
  // marked its tests skipped) must not read as skipped: its unrun tests count as failed, and a
  // file with nothing else to show for its failure (e.g. an afterAll threw) counts once.
  for (const file of summary.testResults) {
    if (file.status !== 'failed') continue;
    const unrun = file.assertionResults.filter(
      (a) => a.status !== 'passed' && a.status !== 'failed',
    ).length;
    const failedHere = file.assertionResults.filter((a) => a.status === 'failed').length;
    failed += unrun;
    skipped -= unrun;
    if (unrun === 0 && failedHere === 0) failed += 1;
  }
} catch (err) {
  process.stderr.write(`no vitest report: ${err.message}\n`);
  failed += 1;
}
process.stdout.write(
  `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
