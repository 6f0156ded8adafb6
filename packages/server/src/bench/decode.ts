/**
 * Decode benchmark: parse + MIC check + FRMPayload decryption of the same frames by lns's
 * lorawan module (SessionCrypto kept per session) and by lora-packet (fromWire + verifyMIC
 * + decrypt). Both paths must agree on every frame before anything is timed.
 */
import { createRequire } from 'node:module';
import type * as LoraPacketModule from 'lora-packet';
import type { DevAddr } from '../shared/ids.js';
import { SessionCrypto, buildDataFrame, decodeDataFrame } from '../lorawan/index.js';
import type { DataUpMType } from '../lorawan/index.js';
import { prng, round } from './stats.js';

// lora-packet's CJS entry sets module.exports to its API while its .d.ts declares a default
// export, so the typed default import would be wrong at run time; require() is unambiguous.
const loraPacket = createRequire(import.meta.url)('lora-packet') as typeof LoraPacketModule.default;
type LoraPacketFrame = ReturnType<typeof loraPacket.fromWire>;

/** The one JSON line this bench prints; `ratio` = lora-packet µs / ours µs. */
export interface DecodeBenchResult {
  readonly bench: 'decode';
  readonly oursUsPerFrame: number;
  readonly loraPacketUsPerFrame: number;
  readonly ratio: number;
  readonly frames: number;
}

/** Sizes and repetitions; the defaults are what `npm run bench` uses. */
export interface DecodeBenchOptions {
  readonly sessions?: number;
  readonly framesPerSession?: number;
  /** Timed rounds per implementation; the medians are reported. */
  readonly rounds?: number;
  readonly warmupRounds?: number;
  /** Passes over all frames per timed round of ours (lora-packet does one). */
  readonly oursPassesPerRound?: number;
}

interface BenchSession {
  readonly devAddr: DevAddr;
  readonly nwkSKey: Buffer;
  readonly appSKey: Buffer;
  readonly crypto: SessionCrypto;
}

/** One frame on air plus what the network server knows about it. */
export interface BenchFrame {
  readonly bytes: Buffer;
  readonly fCnt32: number;
  /** The two upper FCnt bytes as lora-packet wants them (little-endian). */
  readonly fCntMsb: Buffer;
  readonly plaintext: Buffer;
}

/** The frames to decode and the sessions (keys by DevAddr) they belong to. */
export interface BenchSet {
  readonly frames: readonly BenchFrame[];
  readonly sessions: ReadonlyMap<string, BenchSession>;
}

/** Thrown when the two implementations (or either and the truth) disagree on a frame. */
export class BenchMismatchError extends Error {}

// Payload sizes seen from real sensors (a few bytes) up to a large EU868 DR5 frame.
const PAYLOAD_SIZES = [1, 2, 4, 8, 11, 12, 16, 20, 24, 33, 51, 64, 115, 222];

/** Builds `sessions` × `framesPerSession` distinct uplinks with known plaintexts. */
export function buildBenchFrames(sessions = 100, framesPerSession = 4): BenchSet {
  const next = prng(0x4c4e53);
  const bytesOf = (n: number): Buffer => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = next() & 0xff;
    return out;
  };
  const byAddr = new Map<string, BenchSession>();
  const frames: BenchFrame[] = [];
  for (let s = 0; s < sessions; s++) {
    const devAddr = (0x26000000 + s * 7919).toString(16).padStart(8, '0') as DevAddr;
    const nwkSKey = bytesOf(16);
    const appSKey = bytesOf(16);
    const crypto = new SessionCrypto({ nwkSKey, appSKey });
    byAddr.set(devAddr, { devAddr, nwkSKey, appSKey, crypto });
    // every third session has counted past 16 bits, so the upper FCnt bytes matter
    let fCnt32 = s % 3 === 0 ? 0x10000 + (next() % 0x30000) : next() % 5000;
    for (let f = 0; f < framesPerSession; f++) {
      fCnt32 += 1 + (next() % 3);
      const size = PAYLOAD_SIZES[next() % PAYLOAD_SIZES.length]!;
      // one frame in eight is MAC commands on FPort 0 (NwkSKey-encrypted)
      const fPort = next() % 8 === 0 ? 0 : 1 + (next() % 223);
      const plaintext = bytesOf(fPort === 0 ? Math.min(size, 15) : size);
      const mType: DataUpMType = next() % 4 === 0 ? 'ConfirmedDataUp' : 'UnconfirmedDataUp';
      const bytes = buildDataFrame(
        {
          mType,
          devAddr,
          fCtrl: { adr: true, ack: next() % 5 === 0 },
          fCnt32,
          fOpts: fPort === 0 ? undefined : bytesOf(next() % 3 === 0 ? 2 : 0),
          fPort,
          payload: plaintext,
        },
        crypto,
      );
      const fCntMsb = Buffer.alloc(2);
      fCntMsb.writeUInt16LE(fCnt32 >>> 16);
      frames.push({ bytes, fCnt32, fCntMsb, plaintext });
    }
  }
  return { frames, sessions: byAddr };
}

/** Ours: decode, MIC with the session's cached CMAC, decrypt with its cached ECB. */
function oursDecrypt(set: BenchSet, frame: BenchFrame): Buffer | undefined {
  const decoded = decodeDataFrame(frame.bytes);
  const session = set.sessions.get(decoded.devAddr);
  if (session === undefined || !session.crypto.verifyFrameMic(decoded, frame.fCnt32)) {
    return undefined;
  }
  return session.crypto.decryptFrmPayload(decoded, frame.fCnt32);
}

/** lora-packet: fromWire, verifyMIC, decrypt, with the same session lookup by DevAddr. */
function loraPacketDecrypt(set: BenchSet, frame: BenchFrame): Buffer | undefined {
  const packet: LoraPacketFrame = loraPacket.fromWire(frame.bytes);
  const session = set.sessions.get(packet.DevAddr!.toString('hex'));
  if (session === undefined) return undefined;
  if (!loraPacket.verifyMIC(packet, session.nwkSKey, undefined, frame.fCntMsb)) return undefined;
  return loraPacket.decrypt(packet, session.appSKey, session.nwkSKey, frame.fCntMsb);
}

/**
 * Both paths must give the built plaintext for every frame and must both reject a frame
 * whose MIC was tampered with; throws BenchMismatchError otherwise.
 */
export function checkAgreement(set: BenchSet): void {
  for (const [i, frame] of set.frames.entries()) {
    const ours = oursDecrypt(set, frame);
    const theirs = loraPacketDecrypt(set, frame);
    if (ours === undefined || !ours.equals(frame.plaintext)) {
      throw new BenchMismatchError(`frame ${i}: lns result differs from the built plaintext`);
    }
    if (theirs === undefined || !theirs.equals(ours)) {
      throw new BenchMismatchError(`frame ${i}: lora-packet and lns disagree`);
    }
    const tampered = Buffer.from(frame.bytes);
    tampered[tampered.length - 1]! ^= 0x01;
    const forged = { ...frame, bytes: tampered };
    if (oursDecrypt(set, forged) !== undefined || loraPacketDecrypt(set, forged) !== undefined) {
      throw new BenchMismatchError(`frame ${i}: a tampered MIC was accepted`);
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `passes` passes over all frames; returns µs per frame and a sink against dead code. */
function timePasses(
  set: BenchSet,
  passes: number,
  run: (set: BenchSet, frame: BenchFrame) => Buffer | undefined,
): { usPerFrame: number; sink: number } {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) {
    for (const frame of set.frames) sink += run(set, frame)?.length ?? -1;
  }
  const ns = Number(process.hrtime.bigint() - start);
  return { usPerFrame: ns / 1000 / (passes * set.frames.length), sink };
}

/** Checks agreement, warms both paths up, then times alternating rounds and takes medians. */
export function runDecodeBench(options: DecodeBenchOptions = {}): DecodeBenchResult {
  const set = buildBenchFrames(options.sessions ?? 100, options.framesPerSession ?? 4);
  checkAgreement(set);
  const rounds = options.rounds ?? 15;
  const oursPasses = options.oursPassesPerRound ?? 20;
  let sink = 0;
  for (let w = 0; w < (options.warmupRounds ?? 3); w++) {
    sink += timePasses(set, oursPasses, oursDecrypt).sink;
    sink += timePasses(set, 1, loraPacketDecrypt).sink;
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // alternate which side runs first so neither always inherits the other's GC debt
    const order = r % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    for (const side of order) {
      const t =
        side === 'ours'
          ? timePasses(set, oursPasses, oursDecrypt)
          : timePasses(set, 1, loraPacketDecrypt);
      (side === 'ours' ? ours : theirs).push(t.usPerFrame);
      sink += t.sink;
    }
  }
  const expectedSink = set.frames.reduce((n, f) => n + f.plaintext.length, 0);
  if (sink % expectedSink !== 0) throw new BenchMismatchError('a timed pass lost frames');
  const oursUs = median(ours);
  const theirsUs = median(theirs);
  return {
    bench: 'decode',
    oursUsPerFrame: round(oursUs),
    loraPacketUsPerFrame: round(theirsUs),
    ratio: round(theirsUs / oursUs),
    frames: set.frames.length,
  };
}
