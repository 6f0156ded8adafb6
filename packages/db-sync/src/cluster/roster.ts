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

  /** A member row changed: `rec` undefined when it was deleted or is malformed. */
  setRecord(nodeId: string, rec: MemberRecord | undefined): void {
    if (rec === undefined) this.records.delete(nodeId);
    else this.records.set(nodeId, rec);
  }

  /** A removal row was written (`present`) or deleted. */
  setRemoval(key: string, present: boolean): void {
    if (present) this.removals.add(key);
    else this.removals.delete(key);
  }
}
