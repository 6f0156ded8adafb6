/**
 * The test run's global setup and teardown (root vitest.config.ts). Setup gives the run a
 * directory (LNS_TEST_RUN_DIR, inherited by every worker) where the process helper records the
 * process groups it starts and the network-namespace helper its namespaces and links.
 * Teardown, after every file ran, kills any group still recorded and removes any namespace or
 * link still recorded: a test that failed half way, or a worker that crashed,
 * leaves nothing running for the next run or for the other users of the machine. When the
 * whole suite runs (scripts/run-tests.mjs), setup also installs the Debian packages it needs,
 * once, before any worker starts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GROUPS_DIR,
  RUN_DIR_VARIABLE,
  startTimeOf,
} from '../../packages/server/test/helpers/process-group.js';
import { preinstallSuitePackages } from './debian.js';
import { NETNS_RECORD_DIR } from './netns.js';

let runDir: string | undefined;

export function setup(): void {
  runDir = mkdtempSync(join(tmpdir(), 'lns-test-run-'));
  process.env[RUN_DIR_VARIABLE] = runDir;
  if (process.env.LNS_TEST_PREINSTALL === '1') preinstallSuitePackages();
}

export function teardown(): void {
  if (runDir === undefined) return;
  const killed = killRecordedGroups(join(runDir, GROUPS_DIR));
  const removed = removeRecordedNetworks(join(runDir, NETNS_RECORD_DIR));
  if (killed.length > 0 || removed.length > 0) {
    process.stderr.write(
      `global teardown: killed ${killed.length} leftover process group(s) ${JSON.stringify(killed)}, ` +
        `removed ${removed.length} leftover namespace(s)/link(s) ${JSON.stringify(removed)}\n`,
    );
  }
  rmSync(runDir, { recursive: true, force: true });
}

/**
 * SIGKILLs every process group the helpers recorded and did not kill themselves. A group is
 * ours while its leader is the process we started (same start time) or, once the leader is
 * gone, while members remain: no other process can take a group id whose leader pid is gone.
 */
function killRecordedGroups(dir: string): { pgid: number; processes: number }[] {
  let recorded: string[];
  try {
    recorded = readdirSync(dir);
  } catch {
    return [];
  }
  const members = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 5 (the third after the parenthesised command) is the process group.
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      members.set(pgid, (members.get(pgid) ?? 0) + 1);
    } catch {
      // Exited meanwhile.
    }
  }
  const killed: { pgid: number; processes: number }[] = [];
  for (const name of recorded) {
    const pgid = Number(name);
    const count = members.get(pgid) ?? 0;
    const leaderStart = startTimeOf(pgid);
    const recordedStart = readFileSync(join(dir, name), 'utf8');
    const ours = leaderStart === undefined ? count > 0 : leaderStart === recordedStart;
    if (!ours || count === 0 || pgid === process.pid) continue;
    try {
      process.kill(-pgid, 'SIGKILL');
      killed.push({ pgid, processes: count });
    } catch {
      // Gone meanwhile.
    }
  }
  return killed;
}

/** Deletes the namespaces and links the netns helper recorded and did not remove itself. */
function removeRecordedNetworks(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const [kind, ifname] = name.split(':') as [string, string];
    try {
      if (kind === 'netns') execFileSync('ip', ['netns', 'delete', ifname], { stdio: 'ignore' });
      else execFileSync('ip', ['link', 'delete', ifname], { stdio: 'ignore' });
      removed.push(name);
    } catch {
      // Already gone.
    }
  }
  return removed;
}
