import type { Store } from '../store/index.js';
import type { WriteOp } from '../types.js';
import type { LogPosition } from './messages.js';

/**
 * Node-local cluster state, never replicated: identity of the cluster, this database's log id,
 * and the replication positions per peer.
 */
export const META_TABLE = '_cluster';

/** What a node remembers about its cluster. */
export interface ClusterMeta {
  readonly clusterId: string;
  /**
   * Names this database's oplog. A new id is drawn whenever the database is replaced, so
   * peers never resume from a position in a log that no longer exists.
   */
  readonly logId: string;
  /** True once this node joined a cluster through a master: later starts ignore db_master. */
  readonly joined: boolean;
  /** Set while a snapshot is being loaded from this master: a restart redoes the join. */
  readonly loadingFrom?: string | undefined;
  /** True once this node learned it was removed. */
  readonly removed: boolean;
}

/** Positions and meta as loaded at start. */
export interface LoadedMeta {
  readonly meta: ClusterMeta | undefined;
  /** Per peer: how far its log was applied here. */
  readonly positions: Map<string, LogPosition>;
  /** Per peer: how far it acknowledged this node's log. */
  readonly acks: Map<string, LogPosition>;
}

const META_KEY = 'cluster';
const POS_PREFIX = 'pos!';
const ACK_PREFIX = 'ack!';

function parsePosition(value: unknown): LogPosition | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { logId, seq } = value as { logId?: unknown; seq?: unknown };
  if (typeof logId !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
    return undefined;
  }
  return { logId, seq };
}

function parseMeta(value: unknown): ClusterMeta | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.clusterId !== 'string' || typeof r.logId !== 'string') return undefined;
  return {
    clusterId: r.clusterId,
    logId: r.logId,
    joined: r.joined === true,
    loadingFrom: typeof r.loadingFrom === 'string' ? r.loadingFrom : undefined,
    removed: r.removed === true,
  };
}

/** Reads the cluster meta and positions of `store`. */
export async function loadMeta(store: Store): Promise<LoadedMeta> {
  const table = store.table(META_TABLE, { replicated: false });
  const positions = new Map<string, LogPosition>();
  const acks = new Map<string, LogPosition>();
  let meta: ClusterMeta | undefined;
  for (const { key, value } of await table.list()) {
    if (key === META_KEY) meta = parseMeta(value);
    else if (key.startsWith(POS_PREFIX)) {
      const pos = parsePosition(value);
      if (pos !== undefined) positions.set(key.slice(POS_PREFIX.length), pos);
    } else if (key.startsWith(ACK_PREFIX)) {
      const pos = parsePosition(value);
      if (pos !== undefined) acks.set(key.slice(ACK_PREFIX.length), pos);
    }
  }
  return { meta, positions, acks };
}

/** Writes the meta row. */
export function saveMeta(store: Store, meta: ClusterMeta): Promise<void> {
  return store.table(META_TABLE, { replicated: false }).put(META_KEY, meta);
}

/** Writes peer positions (`pos`) and acknowledgements (`ack`) in one batch. */
export function savePositions(
  store: Store,
  positions: ReadonlyMap<string, LogPosition>,
  acks: ReadonlyMap<string, LogPosition>,
): Promise<void> {
  // Registers the table as local before the batch names it.
  store.table(META_TABLE, { replicated: false });
  const ops: WriteOp[] = [];
  for (const [peer, pos] of positions) {
    ops.push({ table: META_TABLE, key: POS_PREFIX + peer, value: pos });
  }
  for (const [peer, pos] of acks)
    ops.push({ table: META_TABLE, key: ACK_PREFIX + peer, value: pos });
  return ops.length === 0 ? Promise.resolve() : store.batch(ops);
}
