/**
 * Debian packages are installed once, never by two apt-get runs at the same time (issue 12:
 * two tests raced on libnginx-mod-stream). Two processes, as two vitest workers would, ask
 * test/helpers/debian.ts for the same missing package at once; apt-get is a stand-in script
 * on PATH that logs its runs and takes a second, so an overlap or a second install shows.
 * Runs as root, like CI (the helper refuses to install otherwise).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exitOf, killGroup, spawnGroup } from '../../packages/server/test/helpers/process-group.js';

const helper = fileURLToPath(new URL('../helpers/debian.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lns-apt-test-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An apt-get that logs `start`/`end` of each run; `install` needs a prior `update` when `fresh`. */
function fakeAptGet(fresh: boolean): { bin: string; log: string; target: string } {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const log = join(bin, 'runs.log');
  const target = join(bin, 'installed-file');
  const lists = join(bin, 'lists');
  writeFileSync(
    join(bin, 'apt-get'),
    [
      '#!/bin/sh',
      `echo "start $1" >> ${log}`,
      'sleep 1',
      `if [ "$1" = update ]; then touch ${lists}; fi`,
      `if [ "$1" = install ]; then`,
      fresh ? `  if [ ! -e ${lists} ]; then echo "end $1 failed" >> ${log}; exit 100; fi` : '',
      `  touch ${target}`,
      'fi',
      `echo "end $1" >> ${log}`,
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'apt-get'), 0o755);
  return { bin, log, target };
}

/** Runs ensureDebianPackages in its own process (a worker), with the fake apt-get first on PATH. */
function ensureIn(bin: string, target: string): Promise<number | null> {
  const code = `import(${JSON.stringify(helper)}).then((m) => m.ensureDebianPackages(['fake-package'], [${JSON.stringify(target)}]))`;
  const child = spawnGroup(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code],
    {
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        LNS_TEST_APT_LOCK: join(bin, 'lock'),
      },
      stdio: 'ignore',
    },
  );
  return exitOf(child).then(() => {
    killGroup(child);
    return child.exitCode;
  });
}

describe('installing Debian packages for tests', () => {
  it('installs a package once when two workers need it at the same time', async () => {
    expect(process.getuid?.(), 'this test runs as root, as CI does').toBe(0);
    const { bin, log, target } = fakeAptGet(false);
    expect(await Promise.all([ensureIn(bin, target), ensureIn(bin, target)])).toEqual([0, 0]);
    expect(existsSync(target)).toBe(true);
    // One run of apt-get: the second worker waited for the lock and found the package there.
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['start install', 'end install']);
  });

  it('fetches the package lists first on a fresh machine, one apt-get at a time', async () => {
    expect(process.getuid?.(), 'this test runs as root, as CI does').toBe(0);
    const { bin, log, target } = fakeAptGet(true);
    expect(await Promise.all([ensureIn(bin, target), ensureIn(bin, target)])).toEqual([0, 0]);
    // Never two starts in a row: each run ended before the next began.
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'start install',
      'end install failed',
      'start update',
      'end update',
      'start install',
      'end install',
    ]);
  });
});
