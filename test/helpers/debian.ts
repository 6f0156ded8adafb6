/**
 * Debian packages the whole-system tests need (nginx, chromium). As root (CI) a missing
 * package is installed with apt-get; otherwise the test fails with a message naming it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let updated = false;

/** Makes sure every `files` path exists, installing `packages` if it can. */
export function ensureDebianPackages(packages: readonly string[], files: readonly string[]): void {
  if (files.every((f) => existsSync(f))) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `this test needs the Debian package(s) ${packages.join(', ')}: apt-get install ${packages.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 240_000 });
    updated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: 'ignore',
    env,
    timeout: 240_000,
  });
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`apt-get install ${packages.join(' ')} did not provide ${missing.join(', ')}`);
  }
}
