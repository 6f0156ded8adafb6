/**
 * Fuzz: 100 000 random and mutated datagrams through decodePacket. Every call must return a
 * packet or throw UdpDecodeError; every decoded packet must re-encode and decode to an equal
 * packet and translate without throwing. Seeded, so a failure names a reproducible iteration.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Eui64 } from '../shared/ids.js';
import { UdpDecodeError, udpDecodeErrorCodes } from './errors.js';
import type { UdpDecodeErrorCode } from './errors.js';
import { decodePacket, encodePacket } from './packet.js';
import type { GwmpPacket } from './packet.js';
import { rxpkToUplinkFrame, statToGatewayStats, txpkToDownlinkFrame } from './translate.js';
import { protocolRxpkLora, protocolStat } from './testing/protocol-examples.js';

const SEED = 0x6c6e7321;
const ITERATIONS = 100_000;

/** mulberry32: small, fast, good enough to drive mutations reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EUI = Buffer.from('b827ebfffe6a1c2d', 'hex');

function datagram(head: number[], eui: boolean, body?: unknown): Buffer {
  return Buffer.concat([
    Buffer.from(head),
    eui ? EUI : Buffer.alloc(0),
    body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
  ]);
}

const rxLora = protocolRxpkLora;
const rxFsk = {
  tmst: 3512348514,
  chan: 9,
  rfch: 1,
  freq: 869.1,
  stat: -1,
  modu: 'FSK',
  datr: 50000,
  rssi: -75,
  size: 16,
  data: 'VEVTVF9QQUNLRVRfMTIzNA==',
};
const rxRsig = {
  tmst: 1236791300,
  tmms: 1237300000000,
  time: '2019-03-20T16:24:51.6Z',
  freq: 868.1,
  stat: 0,
  modu: 'LORA',
  datr: 'SF12BW125',
  codr: '4/5',
  brd: 1,
  size: 4,
  data: 'AQIDBA',
  rsig: [
    { ant: 0, chan: 0, rssic: -38, lsnr: 13, etime: 'c2VjcmV0' },
    { ant: 1, chan: 0, rssic: -41, rssis: -42, lsnr: 12.5, ftime: 123, foff: -5 },
  ],
};
const rxLrFhss = { ...rxLora, modu: 'LR-FHSS', datr: 'M0CW137', codr: '2/3', hpw: 8 };
const stat = { ...protocolStat, temp: 38.5 };
const txLora = {
  tmst: 3513348611,
  freq: 869.525,
  rfch: 0,
  powe: 14,
  modu: 'LORA',
  datr: 'SF9BW125',
  codr: '4/5',
  ipol: true,
  size: 17,
  data: 'YPF9vkkgAgABlUN4disR/w0=',
};
const txFsk = {
  imme: true,
  freq: 861.3,
  rfch: 0,
  powe: 12,
  modu: 'FSK',
  datr: 50000,
  fdev: 3000,
  prea: 5,
  ncrc: false,
  size: 32,
  data: 'H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v',
};

const SEEDS: readonly Buffer[] = [
  datagram([2, 0x12, 0x34, 0], true, { rxpk: [rxLora, rxFsk, rxRsig], stat }),
  datagram([1, 0xff, 0x00, 0], true, { stat }),
  datagram([2, 0x00, 0x01, 0], true, { rxpk: [rxLrFhss] }),
  datagram([2, 0xab, 0xcd, 2], true),
  datagram([1, 0xab, 0xcd, 2], true),
  datagram([2, 0xab, 0xcd, 1], false),
  datagram([1, 0xab, 0xcd, 4], false),
  datagram([2, 0x42, 0x42, 3], false, { txpk: txLora }),
  datagram([1, 0x00, 0x00, 3], false, { txpk: txFsk }),
  datagram([2, 0x42, 0x43, 3], false, {
    txpk: { ...txLora, tmst: undefined, tmms: 1400000000000 },
  }),
  datagram([2, 0x42, 0x42, 5], true),
  datagram([2, 0x42, 0x42, 5], true, { txpk_ack: { error: 'TOO_LATE' } }),
  datagram([2, 0x42, 0x42, 5], true, { txpk_ack: { warn: 'TX_POWER', value: 20 } }),
];

const WEIRD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.5,
  255,
  256,
  65536,
  2 ** 32,
  2 ** 53,
  -(2 ** 31),
  1e308,
  '',
  'x',
  '1',
  'SF7BW125',
  'SF12BW500',
  'M0CW137',
  'LORA',
  'FSK',
  'LR-FHSS',
  'NONE',
  'AQIDBA==',
  'AQIDBA',
  '====',
  '2013-03-31T16:21:17Z',
  '2014-01-12 08:59:28 GMT',
  [],
  {},
  [1, 2],
  { a: 1 },
  [{}],
];
const RAW_TOKENS: readonly string[] = [
  '1e400',
  '-1e400',
  '-0',
  'null',
  '"\\ud800"',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\u0000',
  'true',
  '{"__proto__":{"x":1}}',
];

// Number spellings JSON.stringify never writes, put in place of a number literal of a seed.
const RAW_NUMBERS: readonly string[] = [
  '-0',
  '-0.0',
  '0.0',
  '1E2',
  '1e400',
  '-1e400',
  '4294967296',
  '1.0000000000000002',
  '0.1e-999',
];
const NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[int(rand, xs.length)]!;

function jsonStart(b: Buffer): number {
  return b[3] === 3 ? 4 : 12;
}

/** Replaces, deletes or adds one value somewhere in the JSON body. */
function mutateJsonValue(rand: Rand, b: Buffer): Buffer {
  const start = jsonStart(b);
  if (b.length <= start) return b;
  let root: unknown;
  try {
    root = JSON.parse(b.toString('utf8', start));
  } catch {
    return b;
  }
  const parents: { obj: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (parents.push({ obj: v, key: i }), walk(x)));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        parents.push({ obj: v as Record<string, unknown>, key: k });
        walk(x);
      }
    }
  };
  walk(root);
  if (parents.length === 0) return b;
  const { obj, key } = pick(rand, parents);
  const r = rand();
  if (r < 0.15 && !Array.isArray(obj)) delete obj[key as string];
  else if (r < 0.25 && !Array.isArray(obj)) obj[`extra${int(rand, 3)}`] = pick(rand, WEIRD_VALUES);
  else (obj as Record<string | number, unknown>)[key] = pick(rand, WEIRD_VALUES);
  return Buffer.concat([b.subarray(0, start), Buffer.from(JSON.stringify(root))]);
}

function mutate(rand: Rand, input: Buffer): Buffer {
  let b: Buffer = Buffer.from(input);
  const steps = 1 + int(rand, 3);
  for (let s = 0; s < steps; s++) {
    const r = rand();
    if (r < 0.2) {
      // Flip bytes, biased towards the header.
      const n = 1 + int(rand, 4);
      for (let i = 0; i < n && b.length > 0; i++) {
        b[rand() < 0.3 ? int(rand, Math.min(4, b.length)) : int(rand, b.length)] = int(rand, 256);
      }
    } else if (r < 0.3) {
      if (b.length > 0) {
        const i = int(rand, b.length);
        b[i] = b[i]! ^ (1 << int(rand, 8));
      }
    } else if (r < 0.4) {
      b = b.subarray(0, int(rand, b.length + 1));
    } else if (r < 0.47) {
      b = Buffer.concat([
        b,
        Buffer.from(Array.from({ length: 1 + int(rand, 6) }, () => int(rand, 256))),
      ]);
    } else if (r < 0.6) {
      // Splice: a slice of another seed replaces a random range.
      const other = pick(rand, SEEDS);
      const from = int(rand, other.length);
      const piece = other.subarray(from, from + int(rand, 40));
      const at = int(rand, b.length + 1);
      b = Buffer.concat([b.subarray(0, at), piece, b.subarray(at + int(rand, 20))]);
    } else if (r < 0.66) {
      const start = jsonStart(b);
      const text = b.toString('latin1', start);
      const numbers = [...text.matchAll(NUMBER_RE)];
      if (numbers.length > 0) {
        const m = pick(rand, numbers);
        const at = start + m.index;
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from(pick(rand, RAW_NUMBERS)),
          b.subarray(at + m[0].length),
        ]);
      }
    } else if (r < 0.72) {
      // Raw JSON token inserted or overwriting a range.
      const at = jsonStart(b) + int(rand, Math.max(1, b.length - jsonStart(b)));
      const cut = rand() < 0.5 ? 0 : int(rand, 8);
      b = Buffer.concat([
        b.subarray(0, at),
        Buffer.from(pick(rand, RAW_TOKENS)),
        b.subarray(at + cut),
      ]);
    } else {
      b = mutateJsonValue(rand, b);
    }
  }
  return b;
}

function randomDatagram(rand: Rand): Buffer {
  const b = Buffer.from(Array.from({ length: int(rand, 48) }, () => int(rand, 256)));
  if (b.length > 0 && rand() < 0.8) b[0] = 1 + int(rand, 2);
  if (b.length > 3 && rand() < 0.8) b[3] = int(rand, 7);
  return b;
}

const DECODE_CODES: readonly UdpDecodeErrorCode[] = udpDecodeErrorCodes;

/** Returns a failure description, or undefined when the datagram behaved. */
function check(
  bytes: Buffer,
  codes: Map<string, number>,
  types: Map<string, number>,
): string | undefined {
  let p: GwmpPacket;
  try {
    p = decodePacket(bytes);
  } catch (err) {
    if (!(err instanceof UdpDecodeError)) return `decode threw ${String(err)}`;
    if (!DECODE_CODES.includes(err.code)) return `unknown code ${err.code}`;
    for (const v of Object.values(err.details)) {
      if (v !== null && typeof v === 'object') return `non-primitive detail in ${err.code}`;
    }
    codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
    return undefined;
  }
  types.set(p.type, (types.get(p.type) ?? 0) + 1);
  try {
    const again = decodePacket(encodePacket(p));
    if (!isDeepStrictEqual(again, p)) {
      return `re-decoded packet differs: ${JSON.stringify(p)} vs ${JSON.stringify(again)}`;
    }
    if (p.type === 'PUSH_DATA') {
      for (const rx of p.rxpk) rxpkToUplinkFrame(rx, p.gatewayEui);
      if (p.stat !== undefined) statToGatewayStats(p.stat);
    } else if (p.type === 'PULL_RESP') {
      txpkToDownlinkFrame(p.txpk, '0000000000000000' as Eui64);
    }
  } catch (err) {
    return `decoded packet failed to re-encode/translate: ${String(err)}`;
  }
  return undefined;
}

describe('fuzz decodePacket', () => {
  it(`${ITERATIONS} random and mutated datagrams (seed 0x${SEED.toString(16)})`, () => {
    const rand = prng(SEED);
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const types = new Map<string, number>();

    for (const seed of SEEDS) {
      const failure = check(seed, codes, types);
      if (failure !== undefined) failures.push(`seed ${seed.toString('hex')}: ${failure}`);
    }
    expect(types.size).toBe(6);

    for (let i = 0; i < ITERATIONS && failures.length < 5; i++) {
      const bytes = rand() < 0.1 ? randomDatagram(rand) : mutate(rand, pick(rand, SEEDS));
      const failure = check(bytes, codes, types);
      if (failure !== undefined)
        failures.push(`iteration ${i} (${bytes.toString('hex')}): ${failure}`);
    }

    expect(failures).toEqual([]);
    // The mutations must reach every error path and still produce valid packets of every type.
    expect([...codes.keys()].sort()).toEqual([...DECODE_CODES].sort());
    for (const n of types.values()) expect(n).toBeGreaterThan(100);
    const decoded = [...types.values()].reduce((a, n) => a + n, 0);
    expect(decoded).toBeGreaterThan(ITERATIONS * 0.1);
  });
});
