/**
 * The API's view of the cluster (api/ does not import @lns/db-sync): servers, add/remove,
 * push, digests, peers' API addresses, replication waits, and drain.
 */
import { isSyncError } from '@lns/db-sync';
import type { Cluster, MemberStatus } from '@lns/db-sync';
import type { ClusterControl, ServerRecord } from '../api/index.js';
import { DRAINING_META } from './directory.js';
import type { DrainCoordinator } from './drain.js';
import { ClusterPeerUnreachableError } from './errors.js';

/** Socket error codes in words, for the operator who typed the address. */
const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'host name lookup failed',
};

/**
 * `addMember` on an address nothing answers at: the error names the address, the socket's
 * reason and what the address must be, so the REST answer (and `lns cluster add`) says it.
 */
async function addMember(cluster: Cluster, address: string): Promise<MemberStatus> {
  try {
    return await cluster.addMember(address);
  } catch (err) {
    if (!isSyncError(err, 'SYNC_PEER_UNREACHABLE')) throw err;
    const errno = typeof err.details.errno === 'string' ? err.details.errno : undefined;
    const why = errno === undefined ? err.message : `${SOCKET_ERRORS[errno] ?? errno} (${errno})`;
    throw new ClusterPeerUnreachableError(
      `cannot reach ${address}: ${why}; give the cluster address (LNS_ADVERTISE, port ` +
        `LNS_CLUSTER_PORT) of a running node`,
      { address, errno: errno ?? null },
      { cause: err },
    );
  }
}

/** How long a configuration write waits for the live peers before answering anyway. */
const REPLICATION_WAIT_MS = 2000;

function serverRecord(m: MemberStatus): ServerRecord {
  return {
    id: m.nodeId,
    address: m.address,
    // A draining node is still linked (db-sync says up) but on its way out.
    status: m.status === 'up' && m.meta[DRAINING_META] === 'true' ? 'leaving' : m.status,
    lastSeen: m.lastSeen === null ? null : new Date(m.lastSeen).toISOString(),
    version: m.version,
    uptimeS: m.uptimeS,
    lagMs: m.lagMs,
  };
}

export function clusterControl(
  cluster: Cluster,
  drain: DrainCoordinator,
  tables: readonly string[],
): ClusterControl {
  return {
    get clusterId() {
      return cluster.clusterId;
    },
    get state() {
      return cluster.state;
    },
    servers: () => cluster.members().map(serverRecord),
    peerApis: () =>
      cluster
        .members()
        .filter((m) => !m.self && m.status === 'up' && m.meta.http !== undefined)
        .map((m) => ({ nodeId: m.nodeId, baseUrl: `http://${m.meta.http}` })),
    addServer: async (address) => serverRecord(await addMember(cluster, address)),
    removeServer: (nodeId) => cluster.removeMember(nodeId),
    drainServer: (nodeId) => drain.requestDrain(nodeId),
    push: () => cluster.push(),
    digests: async () => {
      const entries = await Promise.all(
        tables.map(async (t) => [t, await cluster.store.digest(t)] as const),
      );
      return Object.fromEntries(entries);
    },
    waitForPeers: async () => {
      const result = await cluster.waitForAcks(cluster.store.oplog.lastSeq, REPLICATION_WAIT_MS);
      return { missing: result.missing };
    },
  };
}
