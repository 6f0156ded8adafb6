/**
 * An in-process mesh of PeerChannels for unit tests of the cluster room: messages go through
 * a JSON round trip (as on the wire) and arrive in a later microtask, in order per pair.
 */
import type { PeerChannel, PeerInfo } from '../port.js';

type Handler = (from: string, payload: unknown) => void;

export class MemoryMesh {
  readonly #peers = new Map<string, MemoryPeer>();
  /** Node ids that are down as every other node sees them. */
  readonly down = new Set<string>();
  /** Every message sent, for assertions. */
  readonly log: { from: string; to: string; topic: string; payload: unknown }[] = [];

  join(nodeId: string): MemoryPeer {
    const peer = new MemoryPeer(this, nodeId);
    this.#peers.set(nodeId, peer);
    this.#changed();
    return peer;
  }

  peer(nodeId: string): MemoryPeer | undefined {
    return this.#peers.get(nodeId);
  }

  get nodeIds(): string[] {
    return [...this.#peers.keys()];
  }

  /** Marks `nodeId` down (as a kill -9 would) or up again, for every node. */
  setDown(nodeId: string, down: boolean): void {
    if (down) this.down.add(nodeId);
    else this.down.delete(nodeId);
    this.#changed();
  }

  deliver(from: string, to: string, topic: string, payload: unknown): boolean {
    const target = this.#peers.get(to);
    if (target === undefined || this.down.has(to) || this.down.has(from) || from === to) {
      return false;
    }
    const wire = JSON.stringify(payload);
    this.log.push({ from, to, topic, payload: JSON.parse(wire) });
    queueMicrotask(() => target.receive(from, topic, JSON.parse(wire) as unknown));
    return true;
  }

  metaChanged(): void {
    this.#changed();
  }

  #changed(): void {
    for (const p of this.#peers.values()) p.notify();
  }
}

export class MemoryPeer implements PeerChannel {
  readonly nodeId: string;
  meta: Readonly<Record<string, string>> = {};
  readonly #mesh: MemoryMesh;
  readonly #handlers = new Map<string, Handler>();
  readonly #listeners = new Set<() => void>();

  constructor(mesh: MemoryMesh, nodeId: string) {
    this.#mesh = mesh;
    this.nodeId = nodeId;
  }

  members(): readonly PeerInfo[] {
    return this.#mesh.nodeIds.map((id) => ({
      nodeId: id,
      // A node cut off sees the others down, as a partitioned node would.
      status:
        id !== this.nodeId && (this.#mesh.down.has(id) || this.#mesh.down.has(this.nodeId))
          ? 'down'
          : 'up',
      self: id === this.nodeId,
      meta: this.#mesh.peer(id)?.meta ?? {},
    }));
  }

  onMembersChanged(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  send(nodeId: string, topic: string, payload: unknown): boolean {
    return this.#mesh.deliver(this.nodeId, nodeId, topic, payload);
  }

  onMessage(topic: string, handler: Handler): () => void {
    if (this.#handlers.has(topic)) throw new Error(`second handler for ${topic}`);
    this.#handlers.set(topic, handler);
    return () => this.#handlers.delete(topic);
  }

  setMeta(meta: Readonly<Record<string, string>>): void {
    this.meta = { ...meta };
    this.#mesh.metaChanged();
  }

  receive(from: string, topic: string, payload: unknown): void {
    this.#handlers.get(topic)?.(from, payload);
  }

  notify(): void {
    for (const l of this.#listeners) l();
  }
}
