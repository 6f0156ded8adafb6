/**
 * How peers' entries are applied: validation, last-writer-wins on (hlc, origin), and the
 * per-table merge of concurrent puts (TableOptions.merge).
 */
import { assertKey, compareVersions, decodeValue, decodeVersion, encodeValue } from '../codec.js';
import { SyncError } from '../errors.js';
import { NODE_ID_PATTERN, decodeHlc } from '../hlc.js';
import type { Hlc } from '../hlc.js';
import type { LevelOp, LevelSub } from '../level.js';
import type { RemoteEntry } from '../oplog/index.js';
import type { TableSpec } from '../table.js';
import type { ChangeOp, MergeFunction, RecordVersion } from '../types.js';
import { pushReplicated } from './commit.js';
import { notReplicated, readFailed } from './errors.js';

/** A validated remote entry. */
export interface RemoteOp {
  readonly spec: TableSpec;
  readonly key: string;
  readonly hlc: string;
  readonly parsedHlc: Hlc;
  readonly origin: string;
  readonly value: unknown;
  readonly json: string | undefined;
}

/** Validates `entry` for table `spec`; throws SYNC_INVALID_ENTRY, SYNC_INVALID_KEY and the like. */
export function prepareRemote(spec: TableSpec, entry: RemoteEntry): RemoteOp {
  if (spec.versions === undefined) throw notReplicated(spec.name);
  assertKey(entry.key, spec.name);
  if (typeof entry.origin !== 'string' || !NODE_ID_PATTERN.test(entry.origin)) {
    throw new SyncError('SYNC_INVALID_ENTRY', 'remote entry has an invalid origin', {
      table: spec.name,
      key: entry.key,
    });
  }
  const deleted = entry.deleted === true;
  return {
    spec,
    key: entry.key,
    hlc: entry.hlc,
    parsedHlc: decodeHlc(entry.hlc),
    origin: entry.origin,
    value: deleted ? undefined : entry.value,
    json: deleted ? undefined : encodeValue(entry.value, spec.name, entry.key),
  };
}

/** The newest of `ops` (non-empty) by (hlc, origin). */
export function newestOf(ops: readonly RemoteOp[]): RemoteOp {
  let newest = ops[0] as RemoteOp;
  for (const op of ops) if (compareVersions(op, newest) > 0) newest = op;
  return newest;
}

/** What applying a call's entries writes, and the change ops listeners are told. */
export interface RemotePlan {
  readonly out: LevelOp[];
  readonly changes: ChangeOp[];
  /** The log position after the entries that took a new version. */
  readonly seq: number;
}

/**
 * Reads the stored versions (and, in tables with a merge, values) of the keys of `ops` and
 * plans what to write, giving oplog positions from `seq` on. Runs inside the write queue.
 */
export async function planRemote(
  ops: readonly RemoteOp[],
  from: { readonly seq: number; readonly oplog: LevelSub },
): Promise<RemotePlan> {
  // Without a merge only the newest entry per key can win; with one every put counts, in order.
  const groups = new Map<string, RemoteOp[]>();
  for (const op of ops) {
    const id = `${op.spec.name}\n${op.key}`;
    const seen = groups.get(id);
    if (seen === undefined) groups.set(id, [op]);
    else if (op.spec.merge !== undefined) seen.push(op);
    else if (compareVersions(op, seen[0] as RemoteOp) > 0) seen[0] = op;
  }
  const byTable = new Map<TableSpec, RemoteOp[][]>();
  for (const group of groups.values()) {
    const spec = (group[0] as RemoteOp).spec;
    const list = byTable.get(spec);
    if (list === undefined) byTable.set(spec, [group]);
    else list.push(group);
  }

  const out: LevelOp[] = [];
  const changes: ChangeOp[] = [];
  let seq = from.seq;
  for (const [spec, list] of byTable) {
    const versions = spec.versions as LevelSub;
    const keys = list.map((group) => (group[0] as RemoteOp).key);
    let current: (string | undefined)[];
    let values: (string | undefined)[] | undefined;
    try {
      current = await versions.getMany(keys);
      if (spec.merge !== undefined) values = await spec.data.getMany(keys);
    } catch (err) {
      throw readFailed(err);
    }
    list.forEach((group, i) => {
      const key = keys[i] as string;
      const text = current[i];
      const stored = text === undefined ? undefined : decodeVersion(text, spec.name, key);
      const outcome =
        spec.merge === undefined
          ? lastWriter(group[0] as RemoteOp, stored)
          : mergeGroup(spec, spec.merge, key, group, stored, values?.[i]);
      if (outcome === undefined) return;
      if (outcome.version === undefined) {
        // A loser merged in place: data only, so the version and the digests stay as they are.
        out.push({ type: 'put', sublevel: spec.data, key, value: outcome.json as string });
        changes.push({
          table: spec.name,
          key,
          deleted: false,
          value: outcome.value,
          hlc: stored?.hlc,
          origin: stored?.origin,
        });
        return;
      }
      const { hlc, origin } = outcome.version;
      seq += 1;
      pushReplicated(out, from.oplog, spec, versions, seq, key, outcome.json, hlc, origin);
      changes.push({
        table: spec.name,
        key,
        deleted: outcome.json === undefined,
        value: outcome.value,
        seq,
        hlc,
        origin,
      });
    });
  }
  return { out, changes, seq };
}

/**
 * What one key of a remote apply writes: a new `version` with its value (`json` undefined for
 * a tombstone), or, with `version` undefined, a merged value under the stored version.
 */
interface KeyOutcome {
  readonly version: { readonly hlc: string; readonly origin: string } | undefined;
  readonly value: unknown;
  readonly json: string | undefined;
}

/** Last-writer-wins: `op` is written when it is newer than the stored version. */
function lastWriter(op: RemoteOp, stored: RecordVersion | undefined): KeyOutcome | undefined {
  if (stored !== undefined && compareVersions(stored, op) >= 0) return undefined;
  return { version: op, value: op.value, json: op.json };
}

/**
 * Applies `group` (the entries of one key, in arrival order) one by one onto the stored record
 * of a table with a merge: a newer put takes the version and merge(incoming, current); an older
 * put leaves the version and makes merge(current, incoming); tombstones never merge.
 */
function mergeGroup(
  spec: TableSpec,
  merge: MergeFunction,
  key: string,
  group: readonly RemoteOp[],
  stored: RecordVersion | undefined,
  storedJson: string | undefined,
): KeyOutcome | undefined {
  let version: { readonly hlc: string; readonly origin: string } | undefined = stored;
  let json = stored === undefined || stored.deleted ? undefined : storedJson;
  if (stored !== undefined && !stored.deleted && json === undefined) {
    throw new SyncError('SYNC_CORRUPT', 'record version without data', { table: spec.name, key });
  }
  let value: unknown = json === undefined ? undefined : decodeValue(json, spec.name, key);
  let versionChanged = false;
  let valueChanged = false;
  for (const op of group) {
    const order = version === undefined ? 1 : compareVersions(op, version);
    if (order === 0) continue;
    const bothPuts = op.json !== undefined && json !== undefined;
    if (order > 0) {
      version = op;
      versionChanged = true;
      if (bothPuts) {
        value = runMerge(merge, op.value, value, spec.name, key);
        json = encodeValue(value, spec.name, key);
      } else {
        value = op.value;
        json = op.json;
      }
    } else if (bothPuts) {
      const merged = runMerge(merge, value, op.value, spec.name, key);
      const mergedJson = encodeValue(merged, spec.name, key);
      if (mergedJson !== json) {
        value = merged;
        json = mergedJson;
        valueChanged = true;
      }
    }
  }
  if (versionChanged) return { version, value, json };
  return valueChanged ? { version: undefined, value, json } : undefined;
}

function runMerge(
  merge: MergeFunction,
  winner: unknown,
  loser: unknown,
  table: string,
  key: string,
): unknown {
  try {
    return merge(winner, loser);
  } catch (err) {
    throw new SyncError(
      'SYNC_INVALID_VALUE',
      'merge function failed',
      { table, key },
      { cause: err },
    );
  }
}
