import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../clock.js';
import { silentLogger } from '../logger.js';
import type { Logger } from '../logger.js';
import { encodeFrame, encodeMessageFrame } from './frame.js';
import type { FrameDecoder, Message } from './frame.js';

/** Why a connection was opened: replication between members, a join, or a one-shot request. */
export type LinkPurpose = 'peer' | 'join' | 'control';

/** The node at the other end, as its handshake proved it. */
export interface PeerInfo {
  readonly nodeId: string;
  readonly clusterId: string;
  /** Remote socket address (`host:port`), for logs. */
  readonly remoteAddress: string;
}

/** Timing of a link's heartbeats and liveness check. */
export interface LinkTiming {
  readonly clock: Clock;
  /** Heartbeat period; 0 sends none. Why 1 s: cheap, and a lost peer is noticed in seconds. */
  readonly heartbeatMs: number;
  /** A link that received nothing for this long is dead: five missed heartbeats. */
  readonly deadAfterMs: number;
}

/** How a link ended. `remote` is true when the peer said why (a `bye` frame). */
export interface LinkClose {
  readonly reason: string;
  readonly remote: boolean;
}

/**
 * Bytes the socket may buffer before {@link Link.send} asks the caller to wait: large enough
 * for a few batches in flight, small enough that a stalled peer costs little memory.
 */
export const WRITE_HIGH_WATER_BYTES = 1024 * 1024;

// Grace for a `bye` and the FIN to leave before the socket is destroyed.
const CLOSE_GRACE_MS = 1000;

/**
 * One authenticated connection: length-prefixed JSON frames both ways, heartbeats, a liveness
 * deadline and write backpressure. Created by the handshake (see handshake.ts), which hands
 * over the socket, its decoder and any frames that arrived right behind the handshake.
 */
export class Link {
  readonly peer: PeerInfo;
  readonly purpose: LinkPurpose;
  /** True on the side that opened the connection. */
  readonly dialed: boolean;
  readonly socket: Socket;
  private readonly decoder: FrameDecoder;
  private readonly timing: LinkTiming;
  private readonly log: Logger;
  private pending: Message[];
  private messageHandler: ((message: Message) => void) | undefined;
  private readonly closeHandlers: ((close: LinkClose) => void)[] = [];
  private heartbeatPayload: (() => Record<string, unknown>) | undefined;
  private timer: TimerHandle | undefined;
  private lastReceivedMs: number;
  private closeInfo: LinkClose | undefined;
  private finished = false;
  private drainWaiters: (() => void)[] = [];
  private byeReason: string | undefined;
  private framesSent = 0;
  private framesReceived = 0;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    socket: Socket,
    decoder: FrameDecoder,
    pending: Message[],
    info: {
      readonly peer: PeerInfo;
      readonly purpose: LinkPurpose;
      readonly dialed: boolean;
      readonly log?: Logger | undefined;
    },
    timing: LinkTiming,
  ) {
    this.socket = socket;
    this.decoder = decoder;
    this.pending = pending;
    this.peer = info.peer;
    this.purpose = info.purpose;
    this.dialed = info.dialed;
    this.log = info.log ?? silentLogger;
    this.timing = timing;
    this.lastReceivedMs = timing.clock.now();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.wakeWriters());
    socket.on('error', (err: NodeJS.ErrnoException) => this.finish(err.code ?? 'socket_error'));
    socket.on('close', () => this.finish('connection_lost'));
    socket.on('end', () => {
      // The peer half-closed: we have nothing more to say either.
      socket.end();
    });
    this.schedule();
  }

  /** True once the link is closed or closing: sends are dropped. */
  get closed(): boolean {
    return this.closeInfo !== undefined;
  }

  /** Bytes written but not yet taken by the kernel. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  /** Frames sent and received so far. */
  get stats(): { readonly framesSent: number; readonly framesReceived: number } {
    return { framesSent: this.framesSent, framesReceived: this.framesReceived };
  }

  /** Sets the receiver of every frame (heartbeats included); frames that waited are delivered. */
  onMessage(handler: (message: Message) => void): void {
    this.messageHandler = handler;
    const waiting = this.pending;
    this.pending = [];
    for (const message of waiting) this.deliver(message);
  }

  /** Called once when the link ends, whichever side ended it. */
  onClose(handler: (close: LinkClose) => void): void {
    if (this.finished && this.closeInfo !== undefined) handler(this.closeInfo);
    else this.closeHandlers.push(handler);
  }

  /** Fields sent in every heartbeat (`{ t: 'hb', ...payload() }`). */
  setHeartbeat(payload: () => Record<string, unknown>): void {
    this.heartbeatPayload = payload;
  }

  /**
   * Queues `message`. Returns false when the socket holds more than
   * {@link WRITE_HIGH_WATER_BYTES}: the caller should `await writable()` before sending more.
   */
  send(message: Message): boolean {
    if (this.closeInfo !== undefined) return false;
    this.socket.write(encodeFrame(message));
    this.framesSent += 1;
    return this.socket.writableLength < WRITE_HIGH_WATER_BYTES;
  }

  /**
   * Writes the peer message `{t: 'msg', topic, p: payload}` unless the link is closed or the
   * socket holds more than `maxBufferedBytes`; returns whether it was written. Messages never
   * wait: they are refused instead. Frames written in one tick leave in one write (the socket
   * is corked until the next tick), so a burst of small messages costs one system call.
   */
  sendMessage(topic: string, payload: unknown, maxBufferedBytes: number): boolean {
    if (this.closeInfo !== undefined || this.socket.writableLength > maxBufferedBytes) return false;
    const frame = encodeMessageFrame(topic, payload);
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(frame);
    this.framesSent += 1;
    return true;
  }

  /** Resolves when the socket buffer is below the high-water mark, or the link closed. */
  writable(): Promise<void> {
    if (this.closeInfo !== undefined || this.socket.writableLength < WRITE_HIGH_WATER_BYTES) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Says `bye` with `reason`, then closes gracefully (destroyed after a short grace). */
  close(reason: string): void {
    if (this.closeInfo !== undefined) return;
    this.closeInfo = { reason, remote: false };
    this.stopTimer();
    try {
      this.socket.write(encodeFrame({ t: 'bye', reason }));
    } catch {
      // The socket is already gone; the close below still runs.
    }
    this.socket.end();
    const grace = this.timing.clock.setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    grace.unref?.();
    this.wakeWriters();
  }

  /** Drops the connection at once, without a `bye` (a crash, or a dead peer). */
  destroy(reason: string): void {
    if (this.closeInfo === undefined) this.closeInfo = { reason, remote: false };
    this.stopTimer();
    this.socket.destroy();
    this.wakeWriters();
  }

  private onData(chunk: Buffer): void {
    this.lastReceivedMs = this.timing.clock.now();
    let messages: Message[];
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      this.dropBadFrame(err);
      return;
    }
    for (const message of messages) {
      if (this.closeInfo !== undefined) return;
      this.framesReceived += 1;
      if (message.t === 'bye') {
        this.byeReason = typeof message.reason === 'string' ? message.reason : 'bye';
        continue;
      }
      if (this.messageHandler === undefined) this.pending.push(message);
      else this.deliver(message);
    }
  }

  private deliver(message: Message): void {
    try {
      this.messageHandler?.(message);
    } catch (err) {
      // A handler that throws met a frame it cannot trust: drop the link, the peer reconnects.
      this.dropBadFrame(err);
    }
  }

  private dropBadFrame(err: unknown): void {
    this.log.warn(
      { err, peer: this.peer.nodeId, purpose: this.purpose, address: this.peer.remoteAddress },
      'bad frame from peer',
    );
    this.destroy('protocol_error');
  }

  private finish(reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.stopTimer();
    this.closeInfo ??=
      this.byeReason !== undefined
        ? { reason: this.byeReason, remote: true }
        : { reason, remote: false };
    this.socket.destroy();
    this.wakeWriters();
    const info = this.closeInfo;
    for (const handler of this.closeHandlers.splice(0)) handler(info);
  }

  private wakeWriters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  private schedule(): void {
    const { heartbeatMs, clock } = this.timing;
    if (heartbeatMs <= 0) return;
    this.timer = clock.setTimeout(() => this.tick(), heartbeatMs);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.closeInfo !== undefined) return;
    const { clock, deadAfterMs } = this.timing;
    if (clock.now() - this.lastReceivedMs > deadAfterMs) {
      this.destroy('heartbeat_timeout');
      return;
    }
    // A backed-up socket already tells the peer we are alive once it drains.
    if (this.socket.writableLength < WRITE_HIGH_WATER_BYTES) {
      try {
        this.send({ t: 'hb', ...(this.heartbeatPayload?.() ?? {}) });
      } catch (err) {
        this.log.error({ err, peer: this.peer.nodeId }, 'heartbeat not sent');
        this.destroy('protocol_error');
        return;
      }
    }
    this.schedule();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.timing.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
