/** The cluster's public API: the Cluster interface, its options, timing, events and results. */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { MemberStatus } from '../membership/members.js';
import type { RepairStats, SnapshotPurpose } from '../replication/session.js';
import type { OplogRetention } from '../replication/trim.js';
import type { OpenStoreOptions, Store } from '../store/index.js';
import type { RefusalReason } from '../transport/index.js';
import type { WriteOp } from '../types.js';
import type { ConnectionLimits, ConnectionStats } from './connection-limits.js';

/** `starting`: loading from a master or catching up; `ok`: serving; `removed`: out of the cluster. */
export type ClusterState = 'starting' | 'ok' | 'removed';

/** Timers of the cluster. Every default says why it holds. */
export interface ClusterTiming {
  /** Heartbeat period: a second keeps liveness fresh at a few bytes per second per peer. */
  readonly heartbeatMs: number;
  /** Silence after which a link is dead: five missed heartbeats ride out a GC pause. */
  readonly deadAfterMs: number;
  /** Connect plus handshake: generous for a LAN, short enough to retry soon. */
  readonly connectTimeoutMs: number;
  /** First reconnect delay; doubles per failure (with jitter) up to `reconnectMaxMs`. */
  readonly reconnectMinMs: number;
  /** Cap of the reconnect delay: a node back from a restart is found within seconds. */
  readonly reconnectMaxMs: number;
  /** Anti-entropy period (0: off). Ten minutes bounds how long a silent divergence lasts. */
  readonly antiEntropyIntervalMs: number;
  /** Oplog trim period (0: off): once a minute keeps the log near its bound. */
  readonly trimIntervalMs: number;
  /** How often replication positions are persisted: a restart re-reads at most this much. */
  readonly flushIntervalMs: number;
}

/** The defaults of {@link ClusterTiming}. */
export const defaultClusterTiming: ClusterTiming = {
  heartbeatMs: 1000,
  deadAfterMs: 5000,
  connectTimeoutMs: 5000,
  reconnectMinMs: 200,
  reconnectMaxMs: 5000,
  antiEntropyIntervalMs: 10 * 60 * 1000,
  trimIntervalMs: 60 * 1000,
  flushIntervalMs: 1000,
};

/** Options of {@link startCluster}. Give `store`, or `dataDir` (the cluster opens and owns the store). */
export interface ClusterOptions {
  /** An open store (its node id must be `nodeId`); a join then swaps its database in place. */
  readonly store?: Store | undefined;
  /** Directory of this node's database; a join moves it to `<dataDir>.bak-<time>`. */
  readonly dataDir?: string | undefined;
  /** Options for the store opened at `dataDir`. */
  readonly storeOptions?: Omit<OpenStoreOptions, 'db' | 'location' | 'nodeId'> | undefined;
  readonly nodeId: string;
  /** Cluster id of a new cluster; a random one when unset. A stored id always wins. */
  readonly clusterId?: string | undefined;
  /** The shared secret; never sent, only proved by HMAC. */
  readonly secret: string;
  /** Default 0.0.0.0. */
  readonly listenHost?: string | undefined;
  /** Default 4370; 0 takes any free port. */
  readonly listenPort?: number | undefined;
  /** `host:port` other nodes dial; a port of 0 means the bound port. Default hostname:port. */
  readonly advertise?: string | undefined;
  /** `host:port` of a running member to join at the first start (LNS_DB_MASTER). */
  readonly dbMaster?: string | undefined;
  /** Software version shown in member status. */
  readonly version?: string | undefined;
  /** Small facts told to peers in every heartbeat (see Cluster.setMeta). */
  readonly meta?: Readonly<Record<string, string>> | undefined;
  readonly log?: Logger | undefined;
  readonly clock?: Clock | undefined;
  /** A number in [0, 1) per call, for reconnect jitter; Math.random when unset. */
  readonly random?: (() => number) | undefined;
  readonly timing?: Partial<ClusterTiming> | undefined;
  /** Limits of the cluster port (connections, handshakes per source address). */
  readonly limits?: Partial<ConnectionLimits> | undefined;
  readonly retention?: Partial<OplogRetention> | undefined;
  /** Oplog entries read per step of a stream. */
  readonly readBatch?: number | undefined;
  /** Progress of a join this node makes: records received of total. */
  readonly onProgress?: ((progress: { received: number; total: number }) => void) | undefined;
}

/** Result of {@link Cluster.waitForAcks}. */
export interface AckResult {
  /** Live peers that acknowledged the position (sorted, like the other lists). */
  readonly acked: string[];
  /** Live peers that did not acknowledge it in time (or whose link dropped meanwhile). */
  readonly missing: string[];
  /** Members with no link when asked: they get the write when they come back. */
  readonly down: string[];
}

/** Result of {@link Cluster.push}. */
export interface PushResult {
  readonly peers: { readonly nodeId: string; readonly records: number }[];
  readonly failed: { readonly nodeId: string; readonly error: string }[];
}

/** Result of {@link Cluster.repair}. */
export interface RepairResult {
  readonly peers: ({ readonly nodeId: string } & RepairStats)[];
  readonly failed: { readonly nodeId: string; readonly error: string }[];
}

/**
 * Bytes a peer link's socket may hold before {@link Cluster.send} refuses messages: a few
 * seconds of messages at tens of thousands a second, well under what a stalled peer may cost.
 */
export const MESSAGE_BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;

/** Counters of {@link Cluster.send} and {@link Cluster.onMessage}. */
export interface MessageStats {
  /** Messages written to a link. */
  readonly sent: number;
  /** Sends refused: no live link, or its buffer over the limit. */
  readonly refused: number;
  /** Messages received and given to a handler. */
  readonly received: number;
  /** Messages received for a topic without a handler (dropped). */
  readonly unhandled: number;
  /** Messages whose handler threw. */
  readonly handlerErrors: number;
}

/** Events of a {@link Cluster}, by name. */
export interface ClusterEvents {
  state: { readonly state: ClusterState; readonly previous: ClusterState };
  member_up: { readonly nodeId: string; readonly address: string };
  member_down: { readonly nodeId: string; readonly reason: string };
  /**
   * The status {@link Cluster.members} reports for a member (this node included) changed, or a
   * member appeared; a removed member gets `member_removed` instead.
   */
  member_status: { readonly nodeId: string; readonly status: MemberStatus['status'] };
  member_added: { readonly nodeId: string; readonly address: string };
  member_removed: { readonly nodeId: string };
  /** A handshake was refused: `side` local = this node refused, remote = the peer did. */
  refused: {
    readonly peer: string | null;
    readonly address: string;
    readonly reason: RefusalReason;
    readonly side: 'local' | 'remote';
  };
  join_progress: { readonly master: string; readonly received: number; readonly total: number };
  join_failed: { readonly master: string; readonly error: string; readonly code: string };
  joined: {
    readonly clusterId: string;
    readonly master: string;
    readonly records: number;
    readonly backupLocation: string | null;
  };
  snapshot_progress: {
    readonly peer: string;
    readonly purpose: SnapshotPurpose;
    readonly sent: number;
    readonly total: number;
  };
  removed: { readonly by: string | null };
  repaired: { readonly peer: string; readonly sent: number; readonly received: number };
}

/** A node of the cluster: replication, membership, join, repair. See README "Cluster". */
export interface Cluster {
  readonly store: Store;
  readonly nodeId: string;
  readonly clusterId: string;
  readonly state: ClusterState;
  /** The address peers dial. */
  readonly advertise: string;
  /** The bound listen address (port 0 resolved). */
  address(): { readonly host: string; readonly port: number };
  /** Every member but removed ones, this node included, sorted by node id. */
  members(): MemberStatus[];
  /**
   * Makes the node running at `address` join this cluster through this node, exactly as if it
   * had started with db_master = this node. Resolves once it is a member and linked here.
   */
  addMember(address: string, options?: { timeoutMs?: number }): Promise<MemberStatus>;
  /** Removes `nodeId` everywhere; works while it is unreachable. Removing this node leaves. */
  removeMember(nodeId: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Waits until every live peer acknowledged this node's log up to `seq`. */
  waitForAcks(seq: number, timeoutMs: number): Promise<AckResult>;
  /** `store.batch`, then {@link waitForAcks} for it. */
  batch(
    ops: readonly WriteOp[],
    options: { timeoutMs: number; sync?: boolean },
  ): Promise<AckResult>;
  /**
   * Sets the facts this node tells its peers in heartbeats (shown in their MemberStatus.meta),
   * e.g. the address of its API once it listens.
   */
  setMeta(meta: Readonly<Record<string, string>>): void;
  /** Re-sends every record of this node to every live peer (`lns cluster push`). */
  push(): Promise<PushResult>;
  /** Runs anti-entropy with every live peer now. */
  repair(): Promise<RepairResult>;
  /**
   * Sends `payload` (JSON-serialisable) under `topic` to the peer `nodeId` over its link.
   * Returns false and sends nothing when there is no live, handshaken link to that peer or the
   * link's send buffer is over {@link MESSAGE_BUFFER_LIMIT_BYTES} (the caller decides what to
   * do, e.g. handle it itself). Per-peer order is kept; delivery is at most once; no
   * acknowledgement. Throws SYNC_INVALID_OPTIONS for a topic not matching 1-64 of
   * `[A-Za-z0-9_.:/-]`, SYNC_INVALID_VALUE for a payload without a JSON form.
   */
  send(nodeId: string, topic: string, payload: unknown): boolean;
  /**
   * Handles messages of `topic` from peers. One handler per topic (a second one throws
   * SYNC_TOPIC_TAKEN). Returns the function that removes it. A handler that throws is logged
   * with the error and the topic; the link stays up. A message for a topic without a handler
   * is counted ({@link messageStats}) and dropped (debug log).
   */
  onMessage(topic: string, handler: (from: string, payload: unknown) => void): () => void;
  /** Counters of the peer messages since start. */
  messageStats(): MessageStats;
  /** Connections of the cluster port: open, in their handshake, refused over the limits. */
  connectionStats(): ConnectionStats;
  /** Trims the oplog by the retention rules now; returns the new trimmed position. */
  trimOplog(): Promise<number>;
  /** Resolves when the state is `state`; rejects with SYNC_TIMEOUT after `timeoutMs`. */
  whenState(state: ClusterState, timeoutMs: number): Promise<void>;
  on<K extends keyof ClusterEvents>(event: K, listener: (e: ClusterEvents[K]) => void): () => void;
  /**
   * Leaves the links and closes the store if the cluster opened it. `abrupt` drops links
   * without `bye` and skips the last position flush, as a crash would.
   */
  close(options?: { abrupt?: boolean }): Promise<void>;
}
