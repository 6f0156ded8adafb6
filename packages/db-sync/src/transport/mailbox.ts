import type { Message } from './frame.js';

/**
 * Messages of one conversation (a handshake, a join, a repair exchange), read in arrival
 * order; a failure is seen once the messages that came before it were read.
 */
export class Mailbox {
  private readonly queue: Message[] = [];
  private waiter: { resolve: (m: Message) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  push(message: Message): void {
    if (this.failure !== undefined) return;
    if (this.waiter !== undefined) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve(message);
    } else {
      this.queue.push(message);
    }
  }

  /** Fails the pending and every later {@link next} once the queue is empty. */
  fail(err: Error): void {
    this.failure ??= err;
    if (this.waiter !== undefined && this.queue.length === 0) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(err);
    }
  }

  /** Takes every message not read yet. */
  drain(): Message[] {
    return this.queue.splice(0);
  }

  next(): Promise<Message> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}
