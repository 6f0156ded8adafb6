/**
 * Sends datagrams to a gateway port as fast as the node takes them, never faster: after each
 * batch a PULL_DATA "ping" goes out and at most two pings may be unanswered before the sender
 * waits. The node answers a PULL_DATA only after it has read every datagram queued before it,
 * so the socket buffer never holds more than two batches and the kernel drops nothing; what
 * the node is slow to do shows as time, not as loss the test cannot tell from a bug.
 */
import { createSocket } from 'node:dgram';

export interface FloodOptions {
  readonly host: string;
  readonly port: number;
  readonly total: number;
  /** Datagrams between pings. */
  readonly batch: number;
  readonly next: () => Buffer;
  /** Called between batches with the number sent so far (e.g. to slip in valid uplinks). */
  readonly between?: (sent: number) => void;
  /** How long one ping may stay unanswered before it counts as lost. */
  readonly pingTimeoutMs?: number;
}

export interface FloodResult {
  readonly sent: number;
  readonly bytes: number;
  readonly pings: number;
  readonly pingsLost: number;
  readonly ms: number;
}

// A gateway EUI no test registers: its PULL_DATA only refreshes an unregistered table entry.
const PING_EUI = Buffer.from('fffffffffffffffe', 'hex');

export async function flood(options: FloodOptions): Promise<FloodResult> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => socket.connect(options.port, options.host, resolve));
  const waiting = new Map<number, () => void>();
  socket.on('message', (msg) => {
    // PULL_ACK: version, token (2 bytes), identifier 0x04.
    if (msg.length === 4 && msg[3] === 0x04) {
      const token = msg.readUInt16BE(1);
      waiting.get(token)?.();
      waiting.delete(token);
    }
  });
  const started = performance.now();
  const timeoutMs = options.pingTimeoutMs ?? 5000;
  const outstanding: Promise<boolean>[] = [];
  let sent = 0;
  let bytes = 0;
  let pings = 0;
  let lost = 0;
  let token = 0;
  try {
    while (sent < options.total) {
      const end = Math.min(options.total, sent + options.batch);
      for (; sent < end; sent++) {
        const datagram = options.next();
        bytes += datagram.length;
        socket.send(datagram);
      }
      options.between?.(sent);
      token = (token + 1) & 0xffff;
      const ping = Buffer.concat([Buffer.from([2, token >> 8, token & 0xff, 0x02]), PING_EUI]);
      const answered = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(ping.readUInt16BE(1));
          resolve(false);
        }, timeoutMs);
        waiting.set(ping.readUInt16BE(1), () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      socket.send(ping);
      pings += 1;
      outstanding.push(answered);
      if (outstanding.length >= 2 && !(await outstanding.shift()!)) lost += 1;
    }
    for (const answered of outstanding) if (!(await answered)) lost += 1;
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
  return { sent, bytes, pings, pingsLost: lost, ms: Math.round(performance.now() - started) };
}
