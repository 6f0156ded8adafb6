/**
 * Input normalisation of SPEC "HTTP": EUIs, DevAddrs and keys may come in upper case with
 * `:`/`-` separators and are stored as lowercase hex. Each failure names the field.
 */
import { isRegionName } from '../ns/index.js';
import type { RegionName } from '../ns/index.js';
import { parseDevAddr, parseEui64 } from '../shared/ids.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { ApiError } from './errors.js';

const SEPARATORS = /[:\-\s]/g;
const KEY_RE = /^[0-9a-f]{32}$/;
// SPEC "HTTP": each resource's id is 1-64 characters of [A-Za-z0-9_.:-], not `.` or `..`
// (path segments), and no name of Object.prototype (`__proto__`, `constructor`, …), which code
// that indexes plain objects by id would mistake for inherited members.
const NAME_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
// Generated ids (frames, events) are HLC texts ending in the node name: up to 79 characters.
const GENERATED_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** True for a name of an Object.prototype member (`constructor`, `__proto__`, `toString`…). */
export function isPrototypeName(name: string): boolean {
  return PROTOTYPE_NAMES.has(name);
}
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(field: string, message: string): ApiError {
  return new ApiError('API_INVALID_BODY', `${field} ${message}`, { field });
}

export function toEui(field: string, value: string): Eui64 {
  const eui = parseEui64(value);
  if (eui === undefined) {
    throw invalid(field, 'must be a 64-bit EUI: 16 hex digits, optionally separated by : or -');
  }
  return eui;
}

export function toDevAddr(field: string, value: string): DevAddr {
  const addr = parseDevAddr(value);
  if (addr === undefined) {
    throw invalid(field, 'must be a DevAddr: 8 hex digits, optionally separated by : or -');
  }
  return addr;
}

/** An AES-128 key (AppKey, NwkSKey, AppSKey): 32 hex digits. */
export function toKey(field: string, value: string): string {
  const key = value.replace(SEPARATORS, '').toLowerCase();
  if (!KEY_RE.test(key)) throw invalid(field, 'must be a 128-bit key: 32 hex digits');
  return key;
}

export function toRegion(field: string, value: string): RegionName {
  if (!isRegionName(value)) {
    throw invalid(field, `must be a region name such as EU868 or US915, not "${value}"`);
  }
  return value;
}

function checkId(field: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw invalid(field, `must be ${rule}`);
  if (value === '.' || value === '..') throw invalid(field, 'cannot be . or ..');
  if (isPrototypeName(value)) {
    throw invalid(field, `cannot be ${value}: names of Object.prototype are reserved`);
  }
  return value;
}

/** Ids chosen by people (profiles, users, integrations) and references to them. */
export function toName(field: string, value: string): string {
  return checkId(field, value, NAME_RE, '1-64 letters, digits or _ . : -');
}

/** Ids the server generates (frames, events), as a path names them. */
export function toGeneratedId(field: string, value: string): string {
  return checkId(field, value, GENERATED_ID_RE, '1-128 letters, digits or _ . : -');
}

/** A downlink payload: base64 of at most `maxBytes` bytes. */
export function toBase64(field: string, value: string, maxBytes: number): string {
  if (!BASE64_RE.test(value) || Buffer.from(value, 'base64').length > maxBytes) {
    throw invalid(field, `must be base64 of at most ${maxBytes} bytes`);
  }
  return value;
}

/** An optional EUI where '' and null mean "none" (what forms send for an empty field). */
export function toOptionalEui(field: string, value: string | null | undefined): Eui64 | undefined {
  return value === undefined || value === null || value === '' ? undefined : toEui(field, value);
}

/** Normalises a filter value of a hex field; values that are not EUIs or DevAddrs stay. */
export function normaliseHexValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseHexValue);
  if (typeof value !== 'string') return value;
  const hex = value.replace(SEPARATORS, '');
  return /^(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{16})$/.test(hex) ? hex.toLowerCase() : value;
}
