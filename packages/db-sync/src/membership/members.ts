import { parseAddress } from '../transport/index.js';

/**
 * The replicated members table: node id → {@link MemberRecord}. db-sync's own table; the
 * leading underscore keeps it apart from application tables.
 */
export const MEMBERS_TABLE = '_members';

/**
 * Removals, a grow-only replicated set keyed `<nodeId>!<incarnation>`. Kept apart from the
 * member rows so that no later write of a member row (a node updating its own address on
 * restart) can undo a removal by last-writer-wins: only a new admission, which draws a new
 * incarnation, brings a removed node back.
 */
export const REMOVED_TABLE = '_removed';

/** `joining` from the moment a master admits a node until it has caught up, then `member`. */
export type MemberState = 'joining' | 'member';

/** One row of the members table. */
export interface MemberRecord {
  /** `host:port` other nodes dial. */
  readonly address: string;
  readonly state: MemberState;
  /** Wall ms when the member was admitted. */
  readonly addedAt: number;
  /** Drawn at each admission; a removal names the incarnation it ends. */
  readonly incarnation: string;
}

/** Key of the removal of `nodeId`'s `incarnation` in {@link REMOVED_TABLE}. */
export function removalKey(nodeId: string, incarnation: string): string {
  return `${nodeId}!${incarnation}`;
}

/** Live status of a member as {@link Cluster.members} reports it (the servers resource). */
export interface MemberStatus {
  readonly nodeId: string;
  readonly address: string;
  /**
   * `up`: linked (or this node); `down`: no link; `joining`: linked but still loading or
   * catching up (for this node: its own state is `starting`); `leaving`: removing itself.
   */
  readonly status: 'up' | 'down' | 'joining' | 'leaving';
  /** True for the node answering. */
  readonly self: boolean;
  /** Wall ms of the last frame received from it (now for this node); null if never seen. */
  readonly lastSeen: number | null;
  /**
   * Replication lag of this node's writes to it: age of the oldest entry sent and not yet
   * acknowledged, 0 when it has everything; null when it is down.
   */
  readonly lagMs: number | null;
  /** Software version from its heartbeats; null until one arrived. */
  readonly version: string | null;
  /** Its uptime in seconds from its heartbeats; null until one arrived. */
  readonly uptimeS: number | null;
  /** Its last acknowledged position in this node's oplog. */
  readonly ackedSeq: number;
  /** Frames sent to it and not yet acknowledged, and bytes waiting in the socket. */
  readonly inflightFrames: number;
  readonly bufferedBytes: number;
  /** Small facts the member tells its peers in heartbeats (e.g. `http`: its API address). */
  readonly meta: Readonly<Record<string, string>>;
}

/** Parses a stored member row; undefined for anything malformed (never trusted blindly). */
export function parseMemberRecord(value: unknown): MemberRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.address !== 'string' || typeof r.incarnation !== 'string') return undefined;
  if (r.state !== 'joining' && r.state !== 'member') return undefined;
  try {
    parseAddress(r.address);
  } catch {
    return undefined;
  }
  return {
    address: r.address,
    state: r.state,
    addedAt: typeof r.addedAt === 'number' ? r.addedAt : 0,
    incarnation: r.incarnation,
  };
}
