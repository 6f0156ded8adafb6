/**
 * A node's own files and secrets: the cluster secret beside its database (like Erlang's
 * .erlang.cookie, made at first start when no LNS_CLUSTER_SECRET is given), the API token key
 * derived from it, the package version and the join progress line.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, weakSecretReason } from './config/index.js';

export function readOrCreateClusterSecret(dataDir: string): string {
  const path = join(dataDir, 'cluster.secret');
  try {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length > 0) {
      // A secret written there by hand is held to the same rule as LNS_CLUSTER_SECRET.
      const weak = weakSecretReason(secret);
      if (weak !== undefined) throw new ConfigError('LNS_CLUSTER_SECRET', `${path} ${weak}`);
      return secret;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // wx: two processes racing on one data dir must not overwrite each other's secret.
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** The API token key: derived from the cluster secret, the same on every node. */
export function deriveApiSecret(clusterSecret: string): Buffer {
  return createHmac('sha256', clusterSecret).update('lns api tokens').digest();
}

/** The server package's version (member status, /health consumers). */
export function serverVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/** Shows a join's progress on a terminal; silent when stdout is not a TTY (services, tests). */
export function showJoinProgress(progress: { received: number; total: number }): void {
  if (process.stdout.isTTY) {
    process.stdout.write(
      `\rlns: pulling the cluster's data ${progress.received}/${progress.total}`,
    );
  }
}
