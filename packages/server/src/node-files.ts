/**
 * A node's own files and secrets: the cluster secret beside its database (like Erlang's
 * .erlang.cookie, made at first start when no LNS_CLUSTER_SECRET is given), the API token key
 * derived from it, the file that names the node and where it listens, the package version and
 * the join progress line.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, weakSecretReason } from './config/index.js';

/** Name of the cluster secret file in a data dir. */
export const CLUSTER_SECRET_FILE = 'cluster.secret';

/** Name of the file a node writes in its data dir at each start: its name and addresses. */
export const NODE_FILE = 'node.json';

/** The last start of the node that owns a data dir, as `lns` commands on its machine read it. */
export interface NodeFile {
  readonly node: string;
  readonly pid: number;
  /** `host:port` of its HTTP server, reachable from this machine (127.0.0.1 for 0.0.0.0). */
  readonly http: string;
  /** `host:port` of its UDP socket as bound. */
  readonly udp: string;
  /** Its cluster address (LNS_ADVERTISE with the bound port). */
  readonly cluster: string;
}

/**
 * Writes `<dataDir>/node.json` (atomically: a reader never sees half of it). It stays when
 * the node stops: the name tells offline commands whose database this is, and `running`
 * (its pid is alive) whether the addresses are live.
 */
export function writeNodeFile(dataDir: string, info: NodeFile): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, NODE_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(info)}\n`);
  renameSync(temp, path);
  return path;
}

/** The node file of `dataDir`; undefined when absent or unreadable (never started here). */
export function readNodeFile(
  dataDir: string,
): (NodeFile & { readonly running: boolean }) | undefined {
  let parsed: Partial<NodeFile>;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, NODE_FILE), 'utf8')) as Partial<NodeFile>;
  } catch {
    // Absent (a data dir of an older version, or none yet): the configuration decides then.
    return undefined;
  }
  if (
    typeof parsed.node !== 'string' ||
    typeof parsed.pid !== 'number' ||
    typeof parsed.http !== 'string' ||
    typeof parsed.udp !== 'string' ||
    typeof parsed.cluster !== 'string'
  ) {
    return undefined;
  }
  const file = parsed as NodeFile;
  return { ...file, running: processRuns(file.pid) };
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readOrCreateClusterSecret(dataDir: string): string {
  const path = join(dataDir, CLUSTER_SECRET_FILE);
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
