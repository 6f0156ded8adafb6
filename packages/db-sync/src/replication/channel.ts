import { SyncError } from '../errors.js';
import type { Link, Message } from '../transport/index.js';
import type { Channel } from './messages.js';

/**
 * Frames a sender may have unacknowledged per channel. With frames cut at about 256 KiB this
 * bounds what a slow peer can make us buffer (and what we make it buffer) to about 1 MiB.
 */
export const DEFAULT_WINDOW = 4;

/** The error every waiter gets once a link is gone. */
export function linkClosed(peer: string, reason: string): SyncError {
  return new SyncError('SYNC_LINK_CLOSED', `link to ${peer} closed: ${reason}`, { peer, reason });
}

/**
 * Sends numbered frames on one channel with a window: at most `window` frames without an
 * `ack`, and nothing while the socket buffer is over its high-water mark. The producer awaits
 * {@link send}, so it stops reading the database while the peer is slow: memory stays bounded.
 */
export class ChannelSender {
  readonly channel: Channel;
  private readonly link: Link;
  private readonly window: number;
  private nextFrame = 1;
  private readonly unacked = new Set<number>();
  private waiters: (() => void)[] = [];
  private failure: SyncError | undefined;

  constructor(link: Link, channel: Channel, window: number = DEFAULT_WINDOW) {
    this.link = link;
    this.channel = channel;
    this.window = window;
  }

  /** Frames sent and not yet acknowledged. */
  get inflight(): number {
    return this.unacked.size;
  }

  /** Sends `message` as the channel's next frame once the window and socket allow; returns its number. */
  async send(message: Message): Promise<number> {
    for (;;) {
      this.throwIfFailed();
      if (this.unacked.size >= this.window) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      if (!this.link.closed && this.link.bufferedBytes > 0) {
        await this.link.writable();
        this.throwIfFailed();
      }
      break;
    }
    const n = this.nextFrame;
    this.nextFrame += 1;
    this.unacked.add(n);
    this.link.send({ ...message, ch: this.channel, n });
    return n;
  }

  /** The peer processed frame `n`. */
  ack(n: number): void {
    if (this.unacked.delete(n)) this.wake();
  }

  /** Resolves when every frame sent so far was acknowledged; rejects if the link fails first. */
  async drain(): Promise<void> {
    while (this.unacked.size > 0) {
      this.throwIfFailed();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Fails every current and later send with `err`. */
  fail(err: SyncError): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
