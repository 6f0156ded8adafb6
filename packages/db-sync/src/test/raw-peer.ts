/**
 * A raw TCP peer for handshake and cluster-port tests: writes whatever bytes a test gives it
 * (well-formed frames or not) and records the frames it gets back and when the socket closed.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { parseAddress } from '../transport/address.js';
import { FrameDecoder, encodeFrame } from '../transport/frame.js';
import type { Message } from '../transport/frame.js';

export class RawPeer {
  readonly frames: Message[] = [];
  readonly bytes: Buffer[] = [];
  closed = false;
  private readonly decoder = new FrameDecoder();
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.bytes.push(chunk);
      try {
        this.frames.push(...this.decoder.push(chunk));
      } catch {
        // A test that sends garbage may get garbage; the bytes are kept for it.
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** Connects to `address` (`host:port`), from `localAddress` when given. */
  static async connect(address: string, localAddress?: string): Promise<RawPeer> {
    const { host, port } = parseAddress(address);
    const socket = connect({ host, port, ...(localAddress ? { localAddress } : {}) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawPeer(socket);
  }

  send(message: Message): void {
    this.socket.write(encodeFrame(message));
  }

  write(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Waits until `count` frames arrived or the socket closed (bounded). */
  async frame(count: number, timeoutMs = 5000): Promise<Message | undefined> {
    await this.until(() => this.frames.length >= count || this.closed, timeoutMs);
    return this.frames[count - 1];
  }

  /** Waits until the other side closed the connection (bounded); false on timeout. */
  async whenClosed(timeoutMs = 5000): Promise<boolean> {
    await this.until(() => this.closed, timeoutMs);
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      const check = (): void => {
        if (done()) finish();
        else this.waiters.push(check);
      };
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
