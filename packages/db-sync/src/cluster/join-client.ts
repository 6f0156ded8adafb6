/**
 * The joining side of a db_master join: dial the master, move the old database aside, load
 * the master's snapshot and adopt its cluster id and positions (membership/join.ts has the
 * protocol). The node runs it again with backoff until it succeeds.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import { SyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import { receiveJoin } from '../membership/join.js';
import { MEMBERS_TABLE, REMOVED_TABLE } from '../membership/members.js';
import { saveMeta } from '../replication/meta.js';
import type { ClusterMeta } from '../replication/meta.js';
import type { LogPosition } from '../replication/messages.js';
import type { Store, StoreInternals } from '../store/index.js';
import { dialLink } from '../transport/index.js';
import type { HandshakeIdentity, Link, LinkTiming } from '../transport/index.js';
import type { ClusterEvents } from './api.js';

/** What a join needs of the node. */
export interface JoinClientHost {
  readonly nodeId: string;
  readonly store: Store;
  readonly internals: StoreInternals;
  readonly clock: Clock;
  readonly log: Logger;
  readonly link: {
    readonly secret: string;
    readonly timing: LinkTiming;
    readonly timeoutMs: number;
  };
  /** The cluster id this node was configured with, checked until it has joined. */
  readonly expectedClusterId: string | undefined;
  identity(): HandshakeIdentity;
  advertised(): string;
  meta(): ClusterMeta;
  setMeta(meta: ClusterMeta): void;
  setPosition(origin: string, position: LogPosition): void;
  flushPositions(force: boolean): Promise<void>;
  /** Waits for a position flush in flight (the database is about to be replaced). */
  positionsIdle(): Promise<void>;
  /** Drops positions and roster: they belonged to the database being replaced. */
  forgetDatabase(): void;
  /** The link of the running join, so that close can drop it. */
  setJoinLink(link: Link | undefined): void;
  emitProgress(progress: ClusterEvents['join_progress']): void;
  emitJoined(joined: ClusterEvents['joined']): void;
}

/** One join attempt through `master`; throws what failed (the caller retries). */
export async function joinOnce(host: JoinClientHost, master: string): Promise<void> {
  const expected = host.expectedClusterId;
  const link = await dialLink({
    address: master,
    self: host.identity(),
    purpose: 'join',
    secret: host.link.secret,
    timing: host.link.timing,
    log: host.log,
    timeoutMs: host.link.timeoutMs,
    check: (peer) =>
      expected !== undefined && !host.meta().joined && peer.clusterId !== expected
        ? { reason: 'cluster_id_mismatch' }
        : undefined,
  });
  host.setJoinLink(link);
  try {
    const outcome = await receiveJoin(
      link,
      host.internals,
      { nodeId: host.nodeId, advertise: host.advertised() },
      {
        prepare: (clusterId) => prepareJoin(host, clusterId, master),
        onProgress: (received, total) => host.emitProgress({ master, received, total }),
      },
    );
    for (const [origin, pos] of Object.entries(outcome.vector)) {
      if (origin !== host.nodeId) host.setPosition(origin, pos);
    }
    await host.flushPositions(true);
    const meta: ClusterMeta = {
      ...host.meta(),
      joined: true,
      loadingFrom: undefined,
      removed: false,
    };
    host.setMeta(meta);
    await saveMeta(host.store, meta);
    host.internals.notifyReset();
    link.close('join_done');
    host.log.info(
      { clusterId: outcome.clusterId, master: outcome.master, records: outcome.records },
      'joined cluster',
    );
    host.emitJoined({
      clusterId: outcome.clusterId,
      master: outcome.master,
      records: outcome.records,
      backupLocation: outcome.backupLocation,
    });
  } catch (err) {
    link.destroy('join_failed');
    throw err;
  } finally {
    host.setJoinLink(undefined);
  }
}

/** Moves the old database aside (kept) and adopts the master's cluster id. */
async function prepareJoin(
  host: JoinClientHost,
  clusterId: string,
  master: string,
): Promise<string | null> {
  const location = host.internals.location;
  // A copy half loaded by an interrupted join is not worth keeping; anything else is.
  const keep =
    location !== undefined &&
    host.meta().loadingFrom === undefined &&
    (await host.internals.hasDataBeyond(['_cluster', MEMBERS_TABLE, REMOVED_TABLE]));
  const backupLocation = keep ? await backupName(location, host.clock.now()) : undefined;
  await host.positionsIdle();
  await host.internals.replaceDatabase(backupLocation);
  if (backupLocation !== undefined) {
    host.log.warn({ backupLocation }, 'old database moved aside');
  }
  host.forgetDatabase();
  const meta: ClusterMeta = {
    clusterId,
    logId: randomUUID(),
    joined: false,
    loadingFrom: master,
    removed: false,
  };
  host.setMeta(meta);
  await saveMeta(host.store, meta);
  return backupLocation ?? null;
}

/** `<location>.bak-<UTC time>`, with a counter when that name is taken. */
async function backupName(location: string, nowMs: number): Promise<string> {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  for (let i = 0; ; i += 1) {
    const candidate = `${location}.bak-${stamp}${i === 0 ? '' : `-${i}`}`;
    try {
      await stat(candidate);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      // Not knowing whether the name is free must not risk moving the data onto a backup.
      throw new SyncError(
        'SYNC_WRITE_FAILED',
        `backup location ${candidate} cannot be checked`,
        { location: candidate },
        { cause: err },
      );
    }
  }
}
