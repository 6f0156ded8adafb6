/**
 * `lns cluster status | add <host:port> | remove <node> | push | drain <node>`: operates the
 * cluster through the REST API of one node (node-api.ts: `--node`, `--data-dir`, or the node
 * this machine's configuration runs), authenticated with the cluster secret.
 */
import type { ServerRecord } from '../api/index.js';
import {
  CliError,
  CliUsageError,
  parseCommand,
  callNode,
  reportCliErrors,
  resolveTarget,
  targetOptions,
  targetUsage,
} from './node-api.js';
import type { NodeTarget } from './node-api.js';

const usage = `usage: lns cluster <command> [--node host:port] [--data-dir path] [--config path]

  status               the cluster's servers: status, last seen, lag, version, uptime
  add <host:port>      make the node running at that cluster address join (its data is
                       saved aside and replaced by the cluster's)
  remove <node>        remove a node from the cluster (works while it is down)
  push                 re-send all of this node's data to every live peer
  drain <node>         the node leaves device ownership at once, says "draining" on /health
                       (the load balancer moves its gateways) and exits after LNS_DRAIN_S

${targetUsage}
`;

function age(iso: string | null): string {
  if (iso === null) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

/** The servers as an aligned text table. */
export function formatServers(servers: readonly ServerRecord[]): string {
  const rows = [
    ['NAME', 'ADDRESS', 'STATUS', 'LAST SEEN', 'LAG', 'VERSION', 'UPTIME'],
    ...servers.map((s) => [
      s.id,
      s.address,
      s.status,
      age(s.lastSeen),
      s.lagMs === null ? '-' : `${s.lagMs}ms`,
      s.version ?? '-',
      s.uptimeS === null ? '-' : `${s.uptimeS}s`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function runClusterCommand(argv: readonly string[]): Promise<number> {
  return reportCliErrors('cluster', async () => {
    const parsed = parseCommand(
      { args: [...argv], allowPositionals: true, options: targetOptions },
      usage,
    );
    const [command, arg] = parsed.positionals;
    if (command === undefined) {
      process.stdout.write(usage);
      return 2;
    }
    return clusterCommand(resolveTarget(parsed.values), command, arg);
  });
}

async function clusterCommand(
  target: NodeTarget,
  command: string,
  arg: string | undefined,
): Promise<number> {
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    callNode<T>(target, method, path, body);
  switch (command) {
    case 'status': {
      const cluster = await call<{ id: string; state: string; node: string }>(
        'GET',
        '/api/cluster',
      );
      const servers = await call<ServerRecord[]>('GET', '/api/servers');
      process.stdout.write(
        `cluster ${cluster.id} (asked node ${cluster.node} at ${target.baseUrl}, ${cluster.state})\n`,
      );
      process.stdout.write(`${formatServers(servers)}\n`);
      return servers.every((s) => s.status === 'up') ? 0 : 1;
    }
    case 'add': {
      if (!arg) throw new CliError('add needs the cluster address (host:port) of a running node');
      if (process.stdout.isTTY)
        process.stdout.write(`joining ${arg}: it pulls the cluster's data…\n`);
      const added = await call<ServerRecord>('POST', '/api/servers', { address: arg });
      process.stdout.write(`${formatServers([added])}\n`);
      return 0;
    }
    case 'remove': {
      if (!arg) throw new CliError('remove needs a node name (see lns cluster status)');
      await call('DELETE', `/api/servers/${encodeURIComponent(arg)}`);
      process.stdout.write(`removed ${arg}\n`);
      return 0;
    }
    case 'drain': {
      if (!arg) throw new CliError('drain needs a node name (see lns cluster status)');
      await call('POST', `/api/servers/${encodeURIComponent(arg)}/drain`);
      process.stdout.write(`draining ${arg}\n`);
      return 0;
    }
    case 'push': {
      const result = await call<{
        peers: { nodeId: string; records: number }[];
        failed: { nodeId: string; error: string }[];
      }>('POST', '/api/cluster/push');
      for (const p of result.peers)
        process.stdout.write(`${p.nodeId}: ${p.records} records sent\n`);
      for (const f of result.failed) process.stdout.write(`${f.nodeId}: failed: ${f.error}\n`);
      return result.failed.length === 0 ? 0 : 1;
    }
    default:
      throw new CliUsageError(`unknown command "${command}"\n${usage}`);
  }
}
