/**
 * What a commit writes: the LevelDB operations of local batches and of one replicated write
 * (data, version, oplog entry). The store runs these inside its write queue.
 */
import { encodeVersion } from '../codec.js';
import type { LevelOp, LevelSub } from '../level.js';
import { encodeSeq, encodeStoredEntry } from '../oplog/entry.js';
import type { PreparedOp, TableSpec } from '../table.js';
import type { ChangeEvent, ChangeOp } from '../types.js';

/** A local batch waiting in the write queue. */
export interface PendingWrite {
  readonly ops: PreparedOp[];
  readonly sync: boolean;
}

/** The operations of one group of local batches, and what listeners are told once it commits. */
export interface LocalPlan {
  readonly out: LevelOp[];
  /** Undefined when nobody listens: the change ops are then not even built. */
  readonly events: ChangeEvent[] | undefined;
  /** The log position after the group. */
  readonly seq: number;
  /** True when one of the batches asked for fsync. */
  readonly sync: boolean;
}

/** Pushes the data, version and oplog writes of one replicated operation. */
export function pushReplicated(
  out: LevelOp[],
  oplog: LevelSub,
  spec: TableSpec,
  versions: LevelSub,
  seq: number,
  key: string,
  json: string | undefined,
  hlc: string,
  origin: string,
): void {
  out.push(
    json === undefined
      ? { type: 'del', sublevel: spec.data, key }
      : { type: 'put', sublevel: spec.data, key, value: json },
    {
      type: 'put',
      sublevel: versions,
      key,
      value: encodeVersion(hlc, origin, json === undefined),
    },
    {
      type: 'put',
      sublevel: oplog,
      key: encodeSeq(seq),
      value: encodeStoredEntry(spec.name, key, hlc, origin, json),
    },
  );
}

/**
 * Plans one group of local batches from log position `seq`. Sequence numbers and HLCs
 * (`nextHlc`) are handed out here, in commit order, so they never skip on a failed batch: the
 * store adopts `seq` only once the batch is written.
 */
export function planLocal(
  items: readonly PendingWrite[],
  from: {
    readonly seq: number;
    readonly oplog: LevelSub;
    readonly nodeId: string;
    readonly listening: boolean;
  },
  nextHlc: () => string,
): LocalPlan {
  const out: LevelOp[] = [];
  const events: ChangeEvent[] | undefined = from.listening ? [] : undefined;
  let seq = from.seq;
  let sync = false;
  for (const item of items) {
    if (item.sync) sync = true;
    const changes: ChangeOp[] | undefined = events === undefined ? undefined : [];
    for (const { spec, key, value, json } of item.ops) {
      const deleted = json === undefined;
      if (spec.versions === undefined) {
        out.push(
          deleted
            ? { type: 'del', sublevel: spec.data, key }
            : { type: 'put', sublevel: spec.data, key, value: json },
        );
        changes?.push({ table: spec.name, key, deleted, value });
        continue;
      }
      seq += 1;
      const hlc = nextHlc();
      pushReplicated(out, from.oplog, spec, spec.versions, seq, key, json, hlc, from.nodeId);
      changes?.push({ table: spec.name, key, deleted, value, seq, hlc, origin: from.nodeId });
    }
    if (changes !== undefined) events?.push({ source: 'local', ops: changes });
  }
  return { out, events, seq, sync };
}
