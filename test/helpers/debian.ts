/**
 * Debian packages the whole-system tests need (nginx, chromium, iproute2). As root (CI) a
 * missing package is installed with apt-get; otherwise the test fails with a message naming it.
 * `npm test` installs them all once before the tests start (preinstallSuitePackages).
 *
 * Test files run in parallel workers and several may need the same package: installs take a
 * machine-wide lock (`flock`, released even if the holder dies) and look again once they hold
 * it, so a package is installed once, never by two apt-get runs at the same time (two tests
 * once raced on libnginx-mod-stream and one failed). The package lists are fetched only when
 * an install finds none (a fresh machine), and apt waits for the dpkg lock of anyone else.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Debian package set a test needs, and files that show it is installed. */
export interface DebianNeed {
  readonly packages: readonly string[];
  readonly files: readonly string[];
}

/** What the whole-system tests need from Debian (nginx as the UDP load balancer, etc.). */
export const NGINX_STREAM: DebianNeed = {
  packages: ['nginx', 'libnginx-mod-stream'],
  files: ['/usr/sbin/nginx', '/usr/lib/nginx/modules/ngx_stream_module.so'],
};
export const CHROMIUM: DebianNeed = { packages: ['chromium'], files: ['/usr/bin/chromium'] };
export const IPROUTE2: DebianNeed = { packages: ['iproute2'], files: ['/usr/sbin/ip'] };

/**
 * Installs every package of the suite that is missing, one apt-get run at a time: the global
 * setup calls it before any worker starts when the whole suite runs (LNS_TEST_PREINSTALL, set
 * by scripts/run-tests.mjs), so on a fresh machine no test spends its hook timeout waiting for
 * another's install. As non-root it does nothing: each test then names what it needs.
 */
export function preinstallSuitePackages(): void {
  if (process.getuid?.() !== 0) return;
  for (const need of [NGINX_STREAM, CHROMIUM, IPROUTE2]) {
    ensureDebianPackages(need.packages, need.files);
  }
}

/** The lock file; LNS_TEST_APT_LOCK moves it (the test of this helper uses its own). */
const lockFile = (): string => process.env.LNS_TEST_APT_LOCK ?? join(tmpdir(), 'lns-test-apt.lock');

/** Makes sure every `files` path exists, installing `packages` if it can. */
export function ensureDebianPackages(packages: readonly string[], files: readonly string[]): void {
  if (files.every((f) => existsSync(f))) return;
  const list = packages.join(' ');
  if (process.getuid?.() !== 0) {
    throw new Error(`this test needs the Debian package(s) ${list}: apt-get install ${list}`);
  }
  const present = files.map((f) => `[ -e ${shellQuote(f)} ]`).join(' && ');
  const install = `apt-get install -y -qq -o DPkg::Lock::Timeout=600 ${packages.map(shellQuote).join(' ')}`;
  // Inside the lock: maybe another worker installed them meanwhile; else install, and fetch
  // the package lists first only if the install cannot find the packages.
  const script = `${present} && exit 0; ${install} || { apt-get update -qq && ${install}; }`;
  try {
    execFileSync('flock', ['-w', '900', lockFile(), 'sh', '-c', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 1_000_000,
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3);
    throw new Error(`apt-get install ${list} failed: ${stderr?.join(' | ') ?? String(err)}`);
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`apt-get install ${list} did not provide ${missing.join(', ')}`);
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
