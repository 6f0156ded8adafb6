/**
 * Internal building blocks shared by the per-command files: the codec descriptor and the
 * field helpers (range checks, 24-bit frequencies, bit flags). Not exported from index.ts.
 */
import { LorawanEncodeError } from '../errors.js';
import type { MacCid, MacDirection } from './cid.js';
import { MAC_PAYLOAD_LENGTH } from './cid.js';

/**
 * How one MAC command (one CID in one direction) maps to its payload octets. `decode` gets
 * exactly `payloadLength` octets; `encode` fills `out`, a zeroed view of that length, and
 * throws LorawanEncodeError for values out of range.
 */
export interface MacCommandCodec<C extends { readonly name: string }> {
  readonly name: C['name'];
  readonly cid: MacCid;
  readonly direction: MacDirection;
  readonly payloadLength: number;
  // Method syntax on purpose: codecs of single commands must fit a table of all of them.
  decode(payload: Uint8Array): C;
  encode(cmd: C, out: Buffer): void;
}

/** Builds a codec whose payload length comes from the one table in cid.ts. */
export function defineCodec<C extends { readonly name: string }>(
  name: C['name'],
  cid: MacCid,
  direction: MacDirection,
  decode: (payload: Uint8Array) => C,
  encode: (cmd: C, out: Buffer) => void,
): MacCommandCodec<C> {
  return {
    name,
    cid,
    direction,
    payloadLength: MAC_PAYLOAD_LENGTH[direction][cid],
    decode,
    encode,
  };
}

/** Throws LorawanEncodeError unless `value` is an integer in [min, max]. */
export function checkInt(
  command: string,
  field: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LorawanEncodeError(`${command} ${field} must be an integer in ${min}..${max}`, {
      command,
      field,
      value,
      min,
      max,
    });
  }
  return value;
}

/** Largest frequency a 24-bit field in 100 Hz steps can carry (1 677 721 500 Hz). */
const MAX_FREQUENCY_HZ = 0xffffff * 100;

/**
 * Frequencies travel as 24-bit little-endian counts of 100 Hz [L2 1.0.4 §5.4, §5.6.1]:
 * anything that is not a whole number of 100 Hz steps would be silently rounded, so refuse it.
 */
export function writeFrequency(command: string, frequencyHz: number, out: Buffer, offset: number) {
  checkInt(command, 'frequencyHz', frequencyHz, 0, MAX_FREQUENCY_HZ);
  if (frequencyHz % 100 !== 0) {
    throw new LorawanEncodeError(`${command} frequencyHz must be a multiple of 100`, {
      command,
      field: 'frequencyHz',
      value: frequencyHz,
    });
  }
  out.writeUIntLE(frequencyHz / 100, offset, 3);
}

/** Reads a 24-bit little-endian count of 100 Hz as Hz. */
export function readFrequency(payload: Uint8Array, offset: number): number {
  return (
    ((payload[offset] ?? 0) |
      ((payload[offset + 1] ?? 0) << 8) |
      ((payload[offset + 2] ?? 0) << 16)) *
    100
  );
}

/** Octet `i` of a payload whose length the caller has already checked. */
export function octet(payload: Uint8Array, i: number): number {
  return payload[i] ?? 0;
}

/** True if bit `n` of `value` is set. */
export function bit(value: number, n: number): boolean {
  return ((value >> n) & 1) === 1;
}

/** 1 << n if `flag`, else 0. */
export function flag(flag: boolean, n: number): number {
  return flag ? 1 << n : 0;
}

/**
 * The codec of an answer whose one octet is a set of status bits (LinkADRAns,
 * RXParamSetupAns, NewChannelAns, DlChannelAns): `bits` gives each boolean field its bit.
 * RFU bits read as nothing and are written 0.
 */
export function defineStatusAnsCodec<C extends { readonly name: string }>(
  name: C['name'],
  cid: MacCid,
  bits: { readonly [K in Exclude<keyof C, 'name'>]: number },
): MacCommandCodec<C> {
  const fields: [string, number][] = Object.entries<number>(bits);
  return defineCodec<C>(
    name,
    cid,
    'up',
    (p) => {
      const status = octet(p, 0);
      const cmd: Record<string, unknown> = { name };
      for (const [field, n] of fields) cmd[field] = bit(status, n);
      return cmd as C;
    },
    (cmd, out) => {
      const values = cmd as unknown as Readonly<Record<string, unknown>>;
      let status = 0;
      for (const [field, n] of fields) status |= flag(values[field] === true, n);
      out[0] = status;
    },
  );
}
