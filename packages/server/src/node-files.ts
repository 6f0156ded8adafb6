/**
 * Files a node keeps beside its database: the cluster secret (like Erlang's .erlang.cookie),
 * made at first start when no LNS_CLUSTER_SECRET is given.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function readOrCreateClusterSecret(dataDir: string): string {
  const path = join(dataDir, 'cluster.secret');
  try {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length > 0) return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // wx: two processes racing on one data dir must not overwrite each other's secret.
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
