/**
 * The consistency check of a store: do its data, versions, oplog and log head agree? Every
 * write commits data, version, oplog entry and head in one LevelDB batch, so after any crash
 * (kill -9 included) a store must pass it; the crash tests run it after each kill.
 *
 * The invariant, read through one snapshot:
 * 1. the head's `seq` is the newest oplog entry's (or the trimmed position when the log is
 *    empty), the entries are exactly `trimmed + 1 .. seq` with no gap, each one parses, and
 *    none has an HLC above the head's (the clock never restarts behind a write);
 * 2. for every key the log has entries for, its version row is its newest entry's
 *    `(hlc, origin, deleted)`, and its entries grow strictly in `(hlc, origin)` (last writer
 *    wins, so nothing older is ever logged after something newer);
 * 3. a live version has a data row and a tombstone has none; a data row of a replicated table
 *    has a version row;
 * 4. in a table without a merge the data is the newest entry's value (with a merge, a losing
 *    put may have been merged into the data in place, by design).
 * Version rows with no entry are counted, not failed: they come from a join snapshot or from
 * trimmed entries (a store that never joined and was never trimmed has none).
 */
import { compareVersions, decodeVersion } from '../codec.js';
import type { LevelSnapshot, LevelSub } from '../level.js';
import { decodeStoredEntry } from '../oplog/entry.js';
import type { OplogEntry } from '../oplog/index.js';
import type { RecordVersion } from '../types.js';
import type { Store } from './api.js';
import { readHead, rootSubs } from './keyspace.js';
import { storeInternals } from './level-store.js';

/** What {@link checkConsistency} found. */
export interface ConsistencyReport {
  /** The head's position and trimmed position. */
  readonly lastSeq: number;
  readonly trimmedSeq: number;
  /** Oplog entries held. */
  readonly entries: number;
  /** Replicated tables and their version rows (tombstones included). */
  readonly tables: number;
  readonly records: number;
  /** Version rows of keys without an oplog entry (join snapshot or trimmed log). */
  readonly recordsWithoutEntries: number;
  /** Every violation of the invariant, one line each; empty when the store is consistent. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 50;

/**
 * Checks `store` against the invariant above. `merged`: the tables that have a merge function
 * (their data may differ from the newest entry). Reads every key: meant for tests and offline
 * checks, not for a busy node.
 */
export async function checkConsistency(
  store: Store,
  options: { readonly merged?: readonly string[] } = {},
): Promise<ConsistencyReport> {
  const internals = storeInternals(store);
  const { snapshot } = await internals.takeSnapshot();
  try {
    return await checkAt(internals, snapshot, new Set(options.merged ?? []));
  } finally {
    await snapshot.close();
  }
}

async function checkAt(
  internals: ReturnType<typeof storeInternals>,
  snapshot: LevelSnapshot,
  merged: ReadonlySet<string>,
): Promise<ConsistencyReport> {
  const problems: string[] = [];
  const problem = (text: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  const { oplog, meta } = rootSubs(internals.db);
  const head = await readHead(meta, snapshot);

  // Newest entry per table and key, and the entries' own order.
  const newest = new Map<string, Map<string, OplogEntry>>();
  let entries = 0;
  let expectedSeq = head.trimmed + 1;
  for await (const [seqKey, text] of oplog.iterator({ snapshot })) {
    let entry: OplogEntry;
    try {
      entry = decodeStoredEntry(seqKey, text);
    } catch (err) {
      problem(`oplog ${seqKey}: ${(err as Error).message}`);
      continue;
    }
    entries += 1;
    if (entry.seq !== expectedSeq) {
      problem(`oplog: entry ${entry.seq} where ${expectedSeq} was expected`);
    }
    expectedSeq = entry.seq + 1;
    // Encoded HLCs sort as text in time order.
    if (head.hlc !== undefined && entry.hlc > head.hlc) {
      problem(`oplog ${entry.seq}: hlc ${entry.hlc} is above the head's ${head.hlc}`);
    }
    let keys = newest.get(entry.table);
    if (keys === undefined) {
      keys = new Map();
      newest.set(entry.table, keys);
    }
    const before = keys.get(entry.key);
    if (before !== undefined && compareVersions(before, entry) >= 0) {
      problem(
        `oplog ${entry.seq}: ${entry.table}/${entry.key} logged after a newer or equal entry (${before.seq})`,
      );
    }
    keys.set(entry.key, entry);
  }
  if (expectedSeq - 1 !== head.seq) {
    problem(`head: seq ${head.seq} but the oplog ends at ${expectedSeq - 1}`);
  }

  const tables = new Set([...(await internals.replicatedTables(snapshot)), ...newest.keys()]);
  let records = 0;
  let recordsWithoutEntries = 0;
  for (const table of [...tables].sort()) {
    const { data, versions } = internals.tableSubs(table);
    const logged = newest.get(table) ?? new Map<string, OplogEntry>();
    const values = await readAll(data, snapshot);
    const seen = new Set<string>();
    for await (const [key, text] of versions.iterator({ snapshot })) {
      records += 1;
      seen.add(key);
      let version: RecordVersion;
      try {
        version = decodeVersion(text, table, key);
      } catch (err) {
        problem(`${table}/${key}: ${(err as Error).message}`);
        continue;
      }
      const value = values.get(key);
      if (version.deleted && value !== undefined) problem(`${table}/${key}: tombstone with data`);
      if (!version.deleted && value === undefined) problem(`${table}/${key}: version without data`);
      const entry = logged.get(key);
      if (entry === undefined) {
        recordsWithoutEntries += 1;
        continue;
      }
      if (
        entry.hlc !== version.hlc ||
        entry.origin !== version.origin ||
        (entry.deleted === true) !== version.deleted
      ) {
        problem(
          `${table}/${key}: version ${version.hlc}/${version.origin}${version.deleted ? ' (deleted)' : ''} but newest entry ${entry.seq} is ${entry.hlc}/${entry.origin}${entry.deleted ? ' (deleted)' : ''}`,
        );
      } else if (
        entry.deleted !== true &&
        !merged.has(table) &&
        value !== undefined &&
        value !== JSON.stringify(entry.value)
      ) {
        problem(`${table}/${key}: data differs from newest entry ${entry.seq}`);
      }
    }
    for (const key of logged.keys()) {
      if (!seen.has(key)) problem(`${table}/${key}: oplog entry without a version`);
    }
    for (const key of values.keys()) {
      if (!seen.has(key)) problem(`${table}/${key}: data without a version`);
    }
  }
  return {
    lastSeq: head.seq,
    trimmedSeq: head.trimmed,
    entries,
    tables: tables.size,
    records,
    recordsWithoutEntries,
    problems,
  };
}

async function readAll(sub: LevelSub, snapshot: LevelSnapshot): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [key, value] of sub.iterator({ snapshot })) out.set(key, value);
  return out;
}
