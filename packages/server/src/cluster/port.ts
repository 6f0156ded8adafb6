/**
 * What the cluster room needs of the node's cluster side (@lns/db-sync's Cluster provides
 * it; tests use an in-process mesh). Kept small so the room's logic is testable without TCP.
 */

/** A member as the ownership view needs it. */
export interface PeerInfo {
  readonly nodeId: string;
  readonly status: 'up' | 'down' | 'joining' | 'leaving';
  readonly self: boolean;
  /** Facts the member tells in its heartbeats (`draining` among them). */
  readonly meta: Readonly<Record<string, string>>;
}

export interface PeerChannel {
  readonly nodeId: string;
  /** Every member but removed ones, this node included. */
  members(): readonly PeerInfo[];
  /** Called whenever a member's status changes; returns the remover. */
  onMembersChanged(listener: () => void): () => void;
  /** Sends over the authenticated link; false (nothing sent) when there is no live link. */
  send(nodeId: string, topic: string, payload: unknown): boolean;
  /** One handler per topic; returns the remover. */
  onMessage(topic: string, handler: (from: string, payload: unknown) => void): () => void;
  /** Replaces the facts this node tells its peers. */
  setMeta(meta: Readonly<Record<string, string>>): void;
}

/** Message topics between lns nodes (db-sync's own traffic never uses these). */
export const TOPICS = {
  /** A gateway's copy of an uplink, to the device's owner. */
  uplink: 'lns.uplink',
  /** A downlink for the node holding the gateway's PULL path. */
  downlink: 'lns.downlink',
  /** The TX_ACK verdict of a relayed downlink, back to the owner. */
  txAck: 'lns.tx_ack',
  /** This node is draining: leave it out of ownership now. */
  draining: 'lns.draining',
  /** Please drain (`lns cluster drain <node>` on another node). */
  drainRequest: 'lns.drain_request',
  /** What do you know live of your gateways? (`GET /api/gateways` on another node) */
  gatewaysRequest: 'lns.gateways_request',
  /** The answer: this node's live gateway entries. */
  gateways: 'lns.gateways',
} as const;
