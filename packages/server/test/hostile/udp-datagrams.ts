/**
 * Hostile datagrams for the gateway port, from a seeded PRNG so a failure is reproducible:
 * random bytes, mutations of valid GWMP packets, and valid GWMP headers carrying hostile JSON
 * (wrong types, deep nesting, huge numbers, prototype keys, floods of rxpk). Built for speed:
 * a million of them must cost the sender little next to what the node does with them.
 */
import { encodePacket } from '../../src/udp/index.js';
import type { Eui64 } from '../../src/shared/ids.js';

/** mulberry32: small, fast, good enough to drive mutations reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const validRxpk = {
  tmst: 3512348611,
  chan: 2,
  rfch: 0,
  freq: 866.349812,
  stat: 1 as const,
  modu: 'LORA' as const,
  datr: 'SF7BW125',
  codr: '4/6',
  rssi: -35,
  lsnr: 5.1,
  size: 32,
  data: '-DS4CGaDCdG+48eJNM3Vai-zDpsR71Pn9CPA9uCON84',
};

/** JSON texts a forwarder would never send, each still well-formed or nearly so. */
function hostileJson(r: () => number, eui: string): string {
  const pick = Math.floor(r() * 16);
  const n = (max: number) => Math.floor(r() * max);
  switch (pick) {
    case 0:
      return `${'['.repeat(1 + n(3000))}`;
    case 1:
      return `{"rxpk":${'['.repeat(1 + n(2000))}${']'.repeat(n(2000))}}`;
    case 2:
      return JSON.stringify({ rxpk: [{ ...validRxpk, tmst: 1e308, freq: -1e308, size: 2 ** 53 }] });
    case 3:
      return JSON.stringify({ rxpk: [{ ...validRxpk, data: 'A'.repeat(n(4000)) }] });
    case 4:
      return `{"__proto__":{"rxpk":[1]},"constructor":{"prototype":{"x":1}},"rxpk":[{"__proto__":{"stat":1}}]}`;
    case 5:
      return JSON.stringify({
        rxpk: Array.from({ length: 1 + n(30) }, () => ({ ...validRxpk, tmst: n(2 ** 32) })),
      });
    case 6:
      return JSON.stringify({
        rxpk: [{ ...validRxpk, datr: 'SF99BW1', codr: null, stat: '1', modu: 7 }],
      });
    case 7:
      return JSON.stringify({ rxpk: 'not an array', stat: [1, 2, 3] });
    case 8:
      return JSON.stringify({
        stat: { time: 'x'.repeat(n(2000)), rxnb: -1, ackr: 'NaN', lati: {}, long: [] },
      });
    case 9:
      return JSON.stringify({ txpk_ack: { error: 'x'.repeat(n(500)), warn: {} } });
    case 10:
      return `{"rxpk":[{"tmst":1,"freq":868.1,"datr":"SF7BW125","data":"${'\\u0000'.repeat(n(200))}"}]}`;
    case 11:
      return JSON.stringify({
        rxpk: [
          {
            ...validRxpk,
            data: Buffer.from(Array.from({ length: n(255) }, () => n(256))).toString('base64'),
          },
        ],
      });
    case 12:
      return `{"rxpk":[${'{"tmst":1},'.repeat(n(300))}{}]}`;
    case 13:
      return JSON.stringify({
        rxpk: [{ ...validRxpk, rsig: [{ ant: 0, chan: 0, rssic: 'x', lsnr: null }], time: eui }],
      });
    case 14:
      return '\uFEFF{"rxpk":[]}\u0000\u2028';
    default:
      return `"${'\\'.repeat(n(100))}`;
  }
}

const POOL_SIZE = 20_000;
const UNREGISTERED_GATEWAYS = 2000;

/** A datagram generator over `gateways`: EUIs of registered gateways mixed into the header. */
export class HostileDatagrams {
  readonly #r: () => number;
  readonly #gateways: readonly Eui64[];
  readonly #templates: readonly Buffer[];
  readonly #pool: Buffer[] = [];
  readonly counts = { random: 0, mutated: 0, hostileJson: 0 };

  constructor(seed: number, gateways: readonly Eui64[]) {
    this.#r = prng(seed);
    this.#gateways = gateways;
    const eui = gateways[0] ?? ('0000000000000000' as Eui64);
    this.#templates = [
      encodePacket({ type: 'PUSH_DATA', version: 2, token: 1, gatewayEui: eui, rxpk: [validRxpk] }),
      encodePacket({ type: 'PULL_DATA', version: 2, token: 2, gatewayEui: eui }),
      encodePacket({
        type: 'TX_ACK',
        version: 2,
        token: 3,
        gatewayEui: eui,
        txpkAck: { error: 'NONE' },
      }),
    ];
  }

  next(): Buffer {
    const r = this.#r;
    const kind = r();
    if (kind < 0.3) {
      this.counts.random += 1;
      const bytes = Buffer.allocUnsafe(Math.floor(r() * 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(r() * 256);
      return bytes;
    }
    if (kind < 0.65) {
      this.counts.mutated += 1;
      return this.#mutate(this.#templates[Math.floor(r() * this.#templates.length)]!);
    }
    this.counts.hostileJson += 1;
    const registered = r() < 0.5 && this.#gateways.length > 0;
    // Unregistered EUIs from a fixed set: the node's table of unregistered gateways is bounded
    // by its own rule (SPEC), which this flood should not turn into a memory measurement.
    const eui = registered
      ? this.#gateways[Math.floor(r() * this.#gateways.length)]!
      : (0xee00_0000 + Math.floor(r() * UNREGISTERED_GATEWAYS)).toString(16).padStart(16, 'e');
    const header = Buffer.alloc(12);
    header[0] = r() < 0.9 ? 2 : 1;
    header.writeUInt16BE(Math.floor(r() * 0x10000), 1);
    // PUSH_DATA mostly; TX_ACK and PULL_DATA carry JSON (or must not) too.
    header[3] = r() < 0.85 ? 0x00 : r() < 0.5 ? 0x05 : 0x02;
    Buffer.from(eui, 'hex').copy(header, 4);
    // A datagram is at most 65 507 bytes; now and then one that size (deep nesting, a long
    // string), rarely enough that they do not dominate the run.
    const huge = r() < 0.001;
    const json = huge
      ? Buffer.from(r() < 0.5 ? '['.repeat(65_000) : `{"rxpk":[{"data":"${'A'.repeat(64_000)}"}]}`)
      : this.#jsonBody(eui);
    return Buffer.concat([header, json]);
  }

  /**
   * Building JSON text is most of what generating costs: bodies come from a pool made once
   * (every kind of hostile JSON many times over) and are reused with fresh headers.
   */
  #jsonBody(eui: string): Buffer {
    const r = this.#r;
    if (this.#pool.length < POOL_SIZE) {
      const body = Buffer.from(hostileJson(r, eui));
      this.#pool.push(body);
      return body;
    }
    return this.#pool[Math.floor(r() * POOL_SIZE)]!;
  }

  #mutate(template: Buffer): Buffer {
    const r = this.#r;
    const out = Buffer.from(template);
    const edits = 1 + Math.floor(r() * 4);
    let bytes: Buffer = out;
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(r() * Math.max(1, bytes.length));
      const op = r();
      if (op < 0.5 && bytes.length > 0) bytes[at] = Math.floor(r() * 256);
      else if (op < 0.75) bytes = bytes.subarray(0, at);
      else
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([Math.floor(r() * 256)]),
          bytes.subarray(at),
        ]);
    }
    return bytes;
  }
}
