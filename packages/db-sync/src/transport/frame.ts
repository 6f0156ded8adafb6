import { encodeJson } from '../codec.js';
import { SyncError } from '../errors.js';

/**
 * One protocol message: a JSON object whose `t` names its type. Handlers validate the other
 * fields themselves (see replication/messages.ts), since they arrive from the network.
 */
export interface Message {
  readonly t: string;
  readonly [field: string]: unknown;
}

/** Bytes of the big-endian length that precedes every frame body. */
export const FRAME_HEADER_BYTES = 4;

/**
 * Largest frame body accepted. Senders cut snapshot and oplog batches far below it (about
 * 256 KiB); the cap only stops a broken or hostile peer from making us buffer gigabytes.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/**
 * Largest frame body accepted before the peer has proved the secret. Handshake frames (hello,
 * auth, refused, ...) are a few hundred bytes; a stranger may not make us buffer more than this.
 */
export const MAX_HANDSHAKE_FRAME_BYTES = 4 * 1024;

/** `message` as one frame: 4-byte big-endian body length, then the body as UTF-8 JSON. */
export function encodeFrame(message: Message): Buffer {
  return frameOf(JSON.stringify(message), message.t);
}

/** Frame type of a peer message (see {@link encodeMessageFrame}). */
export const MESSAGE_FRAME_TYPE = 'msg';

/**
 * Topics of peer messages: short and free of characters JSON would escape, so a frame can be
 * written around them without a per-message JSON.stringify of the topic.
 */
export const TOPIC_PATTERN = /^[A-Za-z0-9_.:/-]{1,64}$/;

/**
 * A peer message `{t: 'msg', topic, p}` as one frame. The body is assembled as text around the
 * payload's JSON, so the only allocations are that text and the frame buffer. `topic` must
 * match {@link TOPIC_PATTERN}; throws SYNC_INVALID_VALUE when `payload` has no JSON form.
 */
export function encodeMessageFrame(topic: string, payload: unknown): Buffer {
  const json = encodeJson(payload, 'message payload', { topic });
  return frameOf(
    `{"t":"${MESSAGE_FRAME_TYPE}","topic":"${topic}","p":${json}}`,
    MESSAGE_FRAME_TYPE,
  );
}

function frameOf(body: string, type: string): Buffer {
  const length = Buffer.byteLength(body, 'utf8');
  if (length > MAX_FRAME_BYTES) {
    throw new SyncError('SYNC_PROTOCOL', 'frame too large to send', { type, bytes: length });
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(body, FRAME_HEADER_BYTES, 'utf8');
  return frame;
}

/** Parses one frame body; throws SYNC_PROTOCOL unless it is a JSON object with a string `t`. */
export function decodeFrameBody(body: Buffer): Message {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new SyncError(
      'SYNC_PROTOCOL',
      'frame is not json',
      { bytes: body.length },
      { cause: err },
    );
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    typeof (parsed as { t?: unknown }).t !== 'string'
  ) {
    throw new SyncError('SYNC_PROTOCOL', 'frame is not a message object', { bytes: body.length });
  }
  return parsed as Message;
}

/**
 * Cuts a byte stream into messages. Chunks are kept as they arrive and joined once per frame,
 * so a large frame spread over many TCP reads is copied once, not once per read.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private length = 0;
  private expected = -1;
  private smallLeft: number;

  /**
   * `smallFrames`: the first that many frames may be at most {@link MAX_HANDSHAKE_FRAME_BYTES}
   * (the handshake frames the peer sends before it is authenticated), later ones up to
   * {@link MAX_FRAME_BYTES}. The switch happens frame by frame inside one chunk, so the
   * frames a peer sends right behind its last handshake frame are not held to the small cap.
   */
  constructor(options: { readonly smallFrames?: number } = {}) {
    this.smallLeft = options.smallFrames ?? 0;
  }

  /** Bytes received but not yet returned as messages. */
  get bufferedBytes(): number {
    return this.length;
  }

  /** Adds `chunk` and returns every message it completes; throws SYNC_PROTOCOL on bad input. */
  push(chunk: Buffer): Message[] {
    this.chunks.push(chunk);
    this.length += chunk.length;
    const out: Message[] = [];
    for (;;) {
      if (this.expected < 0) {
        if (this.length < FRAME_HEADER_BYTES) break;
        const size = this.take(FRAME_HEADER_BYTES).readUInt32BE(0);
        const max = this.smallLeft > 0 ? MAX_HANDSHAKE_FRAME_BYTES : MAX_FRAME_BYTES;
        if (size > max) {
          throw new SyncError('SYNC_PROTOCOL', 'frame too large', { bytes: size, max });
        }
        this.expected = size;
      }
      if (this.length < this.expected) break;
      const body = this.take(this.expected);
      this.expected = -1;
      if (this.smallLeft > 0) this.smallLeft -= 1;
      out.push(decodeFrameBody(body));
    }
    return out;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const head = this.chunks[0] as Buffer;
        const part = Math.min(head.length, n - filled);
        head.copy(out, filled, 0, part);
        filled += part;
        if (part === head.length) this.chunks.shift();
        else this.chunks[0] = head.subarray(part);
      }
    }
    this.length -= n;
    return out;
  }
}
