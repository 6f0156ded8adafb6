/**
 * A failing test leaves no process behind (issue 12): a nested vitest run with the project's
 * global setup, whose one test fails after starting a process group and whose other worker
 * dies (SIGKILL, as a crash: no afterAll, no exit handler) after starting one. When the run
 * ends, neither group, nor the child each leader started, is still running.
 */
import { randomInt } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exitOf, killGroup, spawnGroup } from '../../packages/server/test/helpers/process-group.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Processes whose command line mentions `token`. */
function processesWith(token: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(token)) found.push(`${name}: ${cmd}`);
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

describe('the test run cleans up after failed and crashed tests', () => {
  it('kills the process groups a failing test and a crashed worker left', async () => {
    const token = `3599.${randomInt(100_000, 999_999)}`;
    const run = spawnGroup(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/leak/vitest.config.ts'],
      {
        cwd: root,
        env: { ...process.env, LNS_LEAK_TOKEN: token, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    run.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    run.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await exitOf(run);
    } finally {
      killGroup(run);
    }
    // The fixtures did run: one failed, one crashed its worker.
    expect(output).toContain('Worker exited unexpectedly');
    expect(output).toContain("expected 'the test' to be 'failing'");
    expect(processesWith(`sleep ${token}`)).toEqual([]);
    expect(output).toMatch(/global teardown: killed [12] leftover process group/);
  });
});
