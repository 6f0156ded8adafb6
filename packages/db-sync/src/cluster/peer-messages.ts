/** Small messages between nodes over their peer links (Cluster.send / onMessage). */
import { SyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PeerSession } from '../replication/session.js';
import { TOPIC_PATTERN } from '../transport/index.js';
import { MESSAGE_BUFFER_LIMIT_BYTES } from './api.js';
import type { MessageStats } from './api.js';

type Handler = (from: string, payload: unknown) => void;

/** Handlers by topic and the counters of what was sent and received. */
export class PeerMessages {
  private readonly handlers = new Map<string, Handler>();
  private readonly counts = { sent: 0, refused: 0, received: 0, unhandled: 0, handlerErrors: 0 };
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  /** Sends on `session`'s link; false when there is none (or it is over the buffer bound). */
  send(session: PeerSession | undefined, topic: string, payload: unknown): boolean {
    assertTopic(topic);
    const sent =
      session !== undefined &&
      !session.closed &&
      session.link.sendMessage(topic, payload, MESSAGE_BUFFER_LIMIT_BYTES);
    if (sent) this.counts.sent += 1;
    else this.counts.refused += 1;
    return sent;
  }

  onMessage(topic: string, handler: Handler): () => void {
    assertTopic(topic);
    if (this.handlers.has(topic)) {
      throw new SyncError('SYNC_TOPIC_TAKEN', `topic ${topic} already has a handler`, { topic });
    }
    this.handlers.set(topic, handler);
    return () => {
      if (this.handlers.get(topic) === handler) this.handlers.delete(topic);
    };
  }

  /** A message from `peer`: to its topic's handler, or counted and dropped. */
  deliver(peer: string, topic: string, payload: unknown): void {
    const handler = this.handlers.get(topic);
    if (handler === undefined) {
      this.counts.unhandled += 1;
      this.log.debug({ peer, topic }, 'message without handler dropped');
      return;
    }
    this.counts.received += 1;
    try {
      handler(peer, payload);
    } catch (err) {
      this.counts.handlerErrors += 1;
      this.log.error({ err, topic, peer }, 'message handler failed');
    }
  }

  stats(): MessageStats {
    return { ...this.counts };
  }
}

function assertTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) {
    throw new SyncError('SYNC_INVALID_OPTIONS', 'topic must be 1-64 of [A-Za-z0-9_.:/-]', {
      topic: String(topic).slice(0, 80),
    });
  }
}
