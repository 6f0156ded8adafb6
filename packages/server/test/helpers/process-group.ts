/**
 * Every process a test starts runs in its own process group, so nothing it started outlives
 * it: helpers kill the whole group (a node and whatever it spawned, e.g. the nodes of
 * `lns local-cluster`) when they stop it, the worker kills what is left when it exits, and
 * each group is recorded in the run's directory (`<LNS_TEST_RUN_DIR>/groups/<pgid>`, with the
 * leader's start time) until it is killed, so the run's global teardown
 * (test/helpers/global-setup.ts) kills what is left even after a worker crashed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set by the global setup for the whole run (a directory); unset, groups are not recorded. */
export const RUN_DIR_VARIABLE = 'LNS_TEST_RUN_DIR';

/** Where a run records its live process groups, one file per group id. */
export const GROUPS_DIR = 'groups';

const runDir = process.env[RUN_DIR_VARIABLE];
const live = new Set<number>();

process.once('exit', () => {
  for (const pgid of [...live]) {
    signalGroup(pgid, 'SIGKILL');
    forget(pgid);
  }
});

/**
 * Spawns `command` as the leader of a new process group, marked with this run. Stop it with
 * {@link killGroup} or {@link stopGroup}; the worker's exit kills it otherwise.
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) {
    live.add(child.pid);
    record(child.pid);
  }
  return child;
}

/**
 * The start time of process `pid` (field 22 of /proc/<pid>/stat, in clock ticks since boot):
 * with the pid it names one process for good, even once the pid is reused.
 */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function record(pgid: number): void {
  if (runDir === undefined) return;
  const dir = join(runDir, GROUPS_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, String(pgid)), startTimeOf(pgid) ?? '');
}

function forget(pgid: number): void {
  live.delete(pgid);
  if (runDir !== undefined) rmSync(join(runDir, GROUPS_DIR, String(pgid)), { force: true });
}

/** Sends `signal` to the whole group of `child` (every process it started that stayed in it). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  signalGroup(child.pid, signal);
  if (signal === 'SIGKILL') forget(child.pid);
}

/**
 * Asks the leader to stop with `signal` (it may stop its own children, as a real deployment
 * would), waits up to `graceMs` for it to exit, then SIGKILLs the whole group so nothing stays.
 * Resolves with the leader's exit code (null when it was killed by a signal).
 */
export async function stopGroup(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 10_000,
): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => killGroup(child), graceMs);
    await exited;
    clearTimeout(timer);
  }
  killGroup(child);
  return child.exitCode;
}

/** Resolves once `child` has exited (at once when it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    // ESRCH: the group is gone already.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
