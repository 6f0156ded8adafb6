/**
 * Field readers of the GWMP JSON validators: `path` is the object's position ("rxpk[0]"),
 * composed into a field name only on error. JSON `null` reads as absent.
 */
import { UdpDecodeError } from '../errors.js';
import { base64DecodedLength, parseLoraDatr, parseLrFhssDatr } from './formats.js';
import type { RxpkModulation } from './types.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export const U8 = 0xff;
export const U16 = 0xffff;
export const U32 = 0xffffffff;
export const MAX_FINITE = Number.MAX_VALUE;
export const MAX_PHY_SIZE = 255;

export function fieldName(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function missing(path: string, key: string): never {
  throw new UdpDecodeError('UDP_MISSING_FIELD', 'missing field', { field: fieldName(path, key) });
}

export function invalid(path: string, key: string, expected: string): never {
  throw new UdpDecodeError('UDP_INVALID_FIELD', 'invalid field', {
    field: fieldName(path, key),
    expected,
  });
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown, path: string): JsonObject {
  if (!isObject(v)) {
    throw new UdpDecodeError('UDP_INVALID_FIELD', 'invalid field', {
      field: path,
      expected: 'object',
    });
  }
  return v;
}

/** The root of a JSON body must be an object [GWMP §3-5]; anything else is not GWMP JSON. */
export function asRoot(v: unknown): JsonObject {
  if (!isObject(v)) {
    throw new UdpDecodeError('UDP_INVALID_JSON', 'json body is not an object', {
      reason: Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
    });
  }
  return v;
}

export function optNumber(o: JsonObject, key: string, path: string, min: number, max: number) {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  // JSON can yield ±Infinity (1e400); the range test rejects it.
  if (typeof v !== 'number' || !(v >= min && v <= max)) {
    invalid(path, key, max === MAX_FINITE ? `number >= ${min}` : `number ${min}..${max}`);
  }
  // + 0 turns -0 into 0, so a decoded value re-encodes (JSON writes -0 as 0) to itself.
  return v + 0;
}

export function optInt(o: JsonObject, key: string, path: string, min: number, max: number) {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    invalid(path, key, `integer ${min}..${max}`);
  }
  return v + 0;
}

export function optFinite(o: JsonObject, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(path, key, 'finite number');
  return v + 0;
}

export function reqFinite(o: JsonObject, key: string, path: string): number {
  return optFinite(o, key, path) ?? missing(path, key);
}

export function reqInt(o: JsonObject, key: string, path: string, min: number, max: number): number {
  return optInt(o, key, path, min, max) ?? missing(path, key);
}

export function optString(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(path, key, 'string');
  return v;
}

export function reqString(o: JsonObject, key: string, path: string): string {
  return optString(o, key, path) ?? missing(path, key);
}

export function optBool(o: JsonObject, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') invalid(path, key, 'boolean');
  return v;
}

/** Byte length of `data`, which must be strict base64 (UDP_INVALID_BASE64 otherwise). */
export function payloadLength(data: string, path: string): number {
  const n = base64DecodedLength(data);
  if (n === undefined) {
    throw new UdpDecodeError('UDP_INVALID_BASE64', 'invalid base64', {
      field: fieldName(path, 'data'),
    });
  }
  return n;
}

/** Checks `data` is base64 whose decoded length equals `size` [GWMP §4]. */
export function checkPayload(data: string, size: number, path: string): void {
  const n = payloadLength(data, path);
  if (n !== size) {
    throw new UdpDecodeError('UDP_SIZE_MISMATCH', 'size does not match data length', {
      field: fieldName(path, 'size'),
      size,
      dataLength: n,
    });
  }
}

export function readDatr(o: JsonObject, path: string, modu: RxpkModulation): string | number {
  const v = o.datr;
  if (v === undefined || v === null) missing(path, 'datr');
  if (modu === 'FSK') {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > U32) {
      invalid(path, 'datr', 'fsk bit rate integer');
    }
    return v;
  }
  if (modu === 'LORA') {
    if (typeof v !== 'string' || parseLoraDatr(v) === undefined) {
      invalid(path, 'datr', 'lora data rate like SF7BW125');
    }
    return v;
  }
  if (typeof v !== 'string' || parseLrFhssDatr(v) === undefined) {
    invalid(path, 'datr', 'lr-fhss data rate like M0CW137');
  }
  return v;
}
