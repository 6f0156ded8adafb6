/**
 * This node's view of who owns what: the ownership view over the members that are up and not
 * draining, rebuilt whenever membership changes, with a short history of past views so a
 * node can tell whether it owned a device without a break (takeover.ts).
 */
import { OwnershipView } from './ownership.js';
import type { PeerChannel, PeerInfo } from './port.js';

/** Meta key a draining node sets; peers also learn it at once through a message. */
export const DRAINING_META = 'draining';

/** How many past views are kept; a device claimed before the oldest one counts as taken over. */
const HISTORY_VIEWS = 64;

interface Epoch {
  readonly epoch: number;
  readonly view: OwnershipView;
  /**
   * A member came (back) into the view. It may have acted as owner of anything while this
   * node could not see it (a partition looks like a death from both sides), so holds break.
   */
  readonly gained: boolean;
}

export class OwnerDirectory {
  readonly self: string;
  readonly #port: PeerChannel;
  readonly #drainingPeers = new Set<string>();
  #selfDraining = false;
  #history: Epoch[] = [];
  #current: Epoch;
  /** True once the roster named another node: alone, nobody else can have used a counter. */
  #hadPeers = false;
  readonly #listeners = new Set<(epoch: number) => void>();

  constructor(port: PeerChannel) {
    this.self = port.nodeId;
    this.#port = port;
    this.#current = { epoch: 0, view: this.#build(port.members()), gained: false };
    this.#history = [this.#current];
  }

  /** Rebuilds the view from the current members; a change starts a new epoch. */
  refresh(): void {
    const view = this.#build(this.#port.members());
    if (view.sameMembers(this.#current.view)) return;
    const before = new Set(this.#current.view.members);
    const gained = view.members.some((m) => !before.has(m));
    this.#current = { epoch: this.#current.epoch + 1, view, gained };
    this.#history.push(this.#current);
    if (this.#history.length > HISTORY_VIEWS) this.#history.shift();
    for (const listener of this.#listeners) listener(this.#current.epoch);
  }

  /** Calls `listener` after every change of the view. */
  onChange(listener: (epoch: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get epoch(): number {
    return this.#current.epoch;
  }

  /** The members that own devices now, sorted. */
  get owners(): readonly string[] {
    return this.#current.view.members;
  }

  get hadPeers(): boolean {
    return this.#hadPeers;
  }

  get draining(): boolean {
    return this.#selfDraining;
  }

  /** The owner of `key`; undefined when no member can own (then the receiving node acts). */
  ownerOf(key: string): string | undefined {
    return this.#current.view.owner(key);
  }

  /** True when this node acts for `key`: it owns it, or nobody can. */
  isLocal(key: string): boolean {
    const owner = this.#current.view.owner(key);
    return owner === undefined || owner === this.self;
  }

  /**
   * True when this node owned `key` in every view since `sinceEpoch` and no member came into
   * the view meanwhile (false too once that epoch is forgotten).
   */
  ownedThroughout(key: string, sinceEpoch: number): boolean {
    const oldest = this.#history[0];
    if (oldest === undefined || oldest.epoch > sinceEpoch) return false;
    return this.#history.every(
      (e) =>
        e.epoch < sinceEpoch ||
        (e.view.owner(key) === this.self && (e.epoch === sinceEpoch || !e.gained)),
    );
  }

  /** Leaves this node out of ownership from now on (drain). */
  setSelfDraining(): void {
    this.#selfDraining = true;
    this.refresh();
  }

  /** A peer said it drains (message); its heartbeat meta says the same a moment later. */
  setPeerDraining(nodeId: string): void {
    this.#drainingPeers.add(nodeId);
    this.refresh();
  }

  #build(members: readonly PeerInfo[]): OwnershipView {
    const owners: string[] = [];
    for (const m of members) {
      if (!m.self) this.#hadPeers = true;
      // A drained node exits; when it starts again it owns devices again.
      if (m.status === 'down') this.#drainingPeers.delete(m.nodeId);
      if (m.status !== 'up') continue;
      if (m.self ? this.#selfDraining : this.#isDraining(m)) continue;
      owners.push(m.nodeId);
    }
    return new OwnershipView(owners);
  }

  #isDraining(m: PeerInfo): boolean {
    return m.meta[DRAINING_META] === 'true' || this.#drainingPeers.has(m.nodeId);
  }
}
