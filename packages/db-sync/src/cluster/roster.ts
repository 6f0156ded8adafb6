/**
 * The membership roster as this node knows it: the replicated member rows and removals
 * (see membership/members.ts), read at start and kept current from change events.
 */
import {
  MEMBERS_TABLE,
  REMOVED_TABLE,
  parseMemberRecord,
  removalKey,
} from '../membership/members.js';
import type { MemberRecord } from '../membership/members.js';
import type { Store } from '../store/index.js';
import type { ChangeOp } from '../types.js';

/** How one node's membership changed in one change event. */
export interface MemberChange {
  readonly nodeId: string;
  /** Active before, and its row then. */
  readonly wasActive: boolean;
  readonly wasRecord: MemberRecord | undefined;
  readonly active: boolean;
  readonly record: MemberRecord | undefined;
}

export class Roster {
  private readonly records = new Map<string, MemberRecord>();
  /** Keys of {@link REMOVED_TABLE}: `<nodeId>!<incarnation>`. */
  private readonly removals = new Set<string>();

  get(nodeId: string): MemberRecord | undefined {
    return this.records.get(nodeId);
  }

  /** Every node with a member row, removed ones included. */
  ids(): string[] {
    return [...this.records.keys()];
  }

  entries(): IterableIterator<[string, MemberRecord]> {
    return this.records.entries();
  }

  /** True for a member admitted and not removed since. */
  active(nodeId: string): boolean {
    const rec = this.records.get(nodeId);
    return rec !== undefined && !this.removals.has(removalKey(nodeId, rec.incarnation));
  }

  /** True for a node whose current admission was removed. */
  isRemoved(nodeId: string): boolean {
    return this.records.has(nodeId) && !this.active(nodeId);
  }

  /** Active members other than `self`. */
  activeOthers(self: string): string[] {
    return this.ids().filter((id) => id !== self && this.active(id));
  }

  /** Forgets everything (the database is being replaced). */
  clear(): void {
    this.records.clear();
    this.removals.clear();
  }

  /** Reads both tables of `store`. */
  async load(store: Store): Promise<void> {
    this.clear();
    for (const { key, value } of await store.table(MEMBERS_TABLE).list()) {
      const rec = parseMemberRecord(value);
      if (rec !== undefined) this.records.set(key, rec);
    }
    for (const { key } of await store.table(REMOVED_TABLE).list()) this.removals.add(key);
  }

  /** Writes `nodeId`'s member row and takes it at once (the change event comes later). */
  async put(store: Store, nodeId: string, rec: MemberRecord): Promise<void> {
    await store.table(MEMBERS_TABLE).put(nodeId, {
      address: rec.address,
      state: rec.state,
      addedAt: rec.addedAt,
      incarnation: rec.incarnation,
    });
    this.records.set(nodeId, rec);
  }

  /**
   * Takes the changed rows of {@link MEMBERS_TABLE} and {@link REMOVED_TABLE} in `ops`; returns
   * how each node they touch changed, and who removed `self` if a removal of it came in.
   */
  apply(
    ops: readonly ChangeOp[],
    self: string,
  ): { readonly changes: MemberChange[]; readonly selfRemovedBy: string | null } {
    const nodeOf = (op: ChangeOp): string =>
      op.table === MEMBERS_TABLE ? op.key : op.key.slice(0, op.key.lastIndexOf('!'));
    const before = new Map<string, { active: boolean; rec: MemberRecord | undefined }>();
    for (const op of ops) {
      const id = nodeOf(op);
      if (!before.has(id)) before.set(id, { active: this.active(id), rec: this.records.get(id) });
    }
    let selfRemovedBy: string | null = null;
    for (const op of ops) {
      if (op.table === REMOVED_TABLE) {
        if (op.deleted) this.removals.delete(op.key);
        else this.removals.add(op.key);
        if (nodeOf(op) === self) selfRemovedBy = op.origin ?? null;
        continue;
      }
      const rec = op.deleted ? undefined : parseMemberRecord(op.value);
      if (rec === undefined) this.records.delete(op.key);
      else this.records.set(op.key, rec);
    }
    const changes = [...before].map(([nodeId, was]) => ({
      nodeId,
      wasActive: was.active,
      wasRecord: was.rec,
      active: this.active(nodeId),
      record: this.records.get(nodeId),
    }));
    return { changes, selfRemovedBy };
  }
}
