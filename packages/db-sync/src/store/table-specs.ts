/**
 * The tables a store knows: name, replicated or local, merge function and sublevels, fixed
 * when a table is first used (opened, written, or named by a peer's entry).
 */
import { SyncError } from '../errors.js';
import type { LevelDb } from '../level.js';
import type { TableSpec } from '../table.js';
import type { AnyMergeFunction, MergeFunction } from '../types.js';
import { mergeMismatch } from './errors.js';
import { TABLE_NAME_PATTERN, tableSub } from './keyspace.js';

export class TableSpecs {
  private readonly specs = new Map<string, TableSpec>();
  private readonly merges: ReadonlyMap<string, MergeFunction>;

  constructor(merges: Readonly<Record<string, AnyMergeFunction>> | undefined) {
    this.merges = mergesOf(merges);
  }

  /**
   * The spec of `name`, made on `db` at first use. Throws SYNC_INVALID_TABLE for a bad name,
   * the other kind than it was first used as, or another merge than it has.
   */
  get(db: LevelDb, name: string, replicated: boolean, merge?: MergeFunction): TableSpec {
    const known = this.specs.get(name);
    if (known !== undefined) {
      if (known.replicated !== replicated) {
        throw new SyncError(
          'SYNC_INVALID_TABLE',
          known.replicated ? 'table is replicated, not local' : 'table is local, not replicated',
          { table: name },
        );
      }
      if (merge !== undefined && merge !== known.merge) throw mergeMismatch(name);
      return known;
    }
    if (typeof name !== 'string' || !TABLE_NAME_PATTERN.test(name)) {
      throw new SyncError('SYNC_INVALID_TABLE', 'table name must be 1-64 of [A-Za-z0-9_.-]', {
        table: String(name),
      });
    }
    const registered = this.merges.get(name);
    if (merge !== undefined && registered !== undefined && merge !== registered) {
      throw mergeMismatch(name);
    }
    if (!replicated && (merge ?? registered) !== undefined) {
      throw new SyncError('SYNC_INVALID_TABLE', 'only a replicated table can have a merge', {
        table: name,
      });
    }
    const spec: TableSpec = {
      name,
      replicated,
      merge: merge ?? registered,
      data: tableSub(db, 'd', name),
      versions: replicated ? tableSub(db, 'v', name) : undefined,
    };
    this.specs.set(name, spec);
    return spec;
  }

  /** Batches name their table; an unknown name becomes a replicated table, a local one stays local. */
  forWrite(db: LevelDb, name: string): TableSpec {
    return this.specs.get(name) ?? this.get(db, name, true);
  }

  /** Points every table at the sublevels of `db` (a join replaced the database). */
  rebind(db: LevelDb): void {
    for (const spec of this.specs.values()) {
      spec.data = tableSub(db, 'd', spec.name);
      if (spec.replicated) spec.versions = tableSub(db, 'v', spec.name);
    }
  }
}

/** The merge functions of {@link OpenStoreOptions.merges}; throws SYNC_INVALID_OPTIONS on a non-function. */
function mergesOf(
  merges: Readonly<Record<string, AnyMergeFunction>> | undefined,
): ReadonlyMap<string, MergeFunction> {
  const out = new Map<string, MergeFunction>();
  for (const [table, merge] of Object.entries(merges ?? {})) {
    if (typeof merge !== 'function') {
      throw new SyncError('SYNC_INVALID_OPTIONS', 'a merge must be a function', { table });
    }
    out.set(table, merge as unknown as MergeFunction);
  }
  return out;
}
