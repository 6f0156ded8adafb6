/**
 * GWMP JSON bodies [GWMP §3-5]: wire-faithful types for `rxpk`, `stat`, `txpk` and `txpk_ack`
 * and hand-written validation. Validators copy only the fields they know (unknown ones are
 * dropped), treat JSON `null` as absent, and throw UdpDecodeError naming the bad field.
 */
import { UdpDecodeError } from './errors.js';

/** Uplink `modu`: LR-FHSS comes from sx1302_hal-era forwarders [GWMP §3]. */
export type RxpkModulation = 'LORA' | 'FSK' | 'LR-FHSS';
/** Downlink `modu`: GWMP forwarders transmit LoRa or FSK only [GWMP §4]. */
export type TxpkModulation = 'LORA' | 'FSK';
/** CRC status of an uplink: 1 OK, -1 failed, 0 no CRC [GWMP §3]. */
export type RxpkCrcStat = 1 | 0 | -1;

/** Per-antenna signal of multi-antenna / fine-timestamp gateways (Kerlink "rsig" format). */
export interface RxpkRsig {
  readonly ant: number;
  readonly chan: number;
  /** Channel RSSI, dBm: the value comparable to a single-antenna `rssi`. */
  readonly rssic: number;
  readonly rssis?: number | undefined;
  readonly lsnr?: number | undefined;
  /** Encrypted fine timestamp, opaque to the server. */
  readonly etime?: string | undefined;
  readonly ftime?: number | undefined;
  readonly foff?: number | undefined;
}

/** One received radio packet of a PUSH_DATA [GWMP §3]. */
export interface Rxpk {
  readonly time?: string | undefined;
  readonly tmms?: number | undefined;
  readonly tmst: number;
  readonly freq: number;
  /** Required unless `rsig` carries the per-antenna channels. */
  readonly chan?: number | undefined;
  readonly rfch?: number | undefined;
  readonly stat: RxpkCrcStat;
  readonly modu: RxpkModulation;
  /** LoRa "SF7BW125", LR-FHSS "M0CW137": string; FSK: bit rate as a number. */
  readonly datr: string | number;
  readonly codr?: string | undefined;
  /** Required unless `rsig` is present. */
  readonly rssi?: number | undefined;
  /** Required for LoRa unless `rsig` is present. */
  readonly lsnr?: number | undefined;
  readonly rssis?: number | undefined;
  readonly foff?: number | undefined;
  readonly brd?: number | undefined;
  readonly ftime?: number | undefined;
  readonly hpw?: number | undefined;
  readonly size: number;
  /** PHY payload, base64 (validated; padding optional). */
  readonly data: string;
  readonly rsig?: readonly RxpkRsig[] | undefined;
}

/** Gateway status of a PUSH_DATA [GWMP §3]; every field is optional in the field. */
export interface Stat {
  /** "2014-01-12 08:59:28 GMT" in the reference forwarder; informative only. */
  readonly time?: string | undefined;
  readonly lati?: number | undefined;
  readonly long?: number | undefined;
  readonly alti?: number | undefined;
  readonly rxnb?: number | undefined;
  readonly rxok?: number | undefined;
  readonly rxfw?: number | undefined;
  readonly ackr?: number | undefined;
  readonly dwnb?: number | undefined;
  readonly txnb?: number | undefined;
  /** Concentrator temperature, °C (sx1302_hal). */
  readonly temp?: number | undefined;
}

/** A downlink of a PULL_RESP [GWMP §4]; one of `imme:true`, `tmst`, `tmms` is required. */
export interface Txpk {
  readonly imme?: boolean | undefined;
  readonly tmst?: number | undefined;
  readonly tmms?: number | undefined;
  readonly freq: number;
  readonly rfch?: number | undefined;
  readonly powe?: number | undefined;
  readonly modu: TxpkModulation;
  readonly datr: string | number;
  readonly codr?: string | undefined;
  readonly fdev?: number | undefined;
  readonly ipol?: boolean | undefined;
  readonly prea?: number | undefined;
  readonly size: number;
  readonly data: string;
  readonly ncrc?: boolean | undefined;
  readonly brd?: number | undefined;
  readonly ant?: number | undefined;
}

/** TX_ACK outcome [GWMP §5]; UNKNOWN also stands for any code this version does not know. */
export type TxAckErrorCode =
  | 'NONE'
  | 'TOO_LATE'
  | 'TOO_EARLY'
  | 'COLLISION_PACKET'
  | 'COLLISION_BEACON'
  | 'TX_FREQ'
  | 'TX_POWER'
  | 'GPS_UNLOCKED'
  | 'UNKNOWN';

/** `txpk_ack` object; absent JSON decodes as `{ error: 'NONE' }`. */
export interface TxpkAck {
  readonly error: TxAckErrorCode;
  /** sx1302_hal rev 1.5: non-fatal warning such as "TX_POWER"; the packet is still sent. */
  readonly warn?: string | undefined;
  /** Value that goes with `warn` (the power actually used, for TX_POWER). */
  readonly value?: number | string | undefined;
}

/** The TX_ACK of a datagram without JSON [GWMP §5], shaped like every decoded TxpkAck. */
export function noErrorAck(): TxpkAck {
  return { error: 'NONE', warn: undefined, value: undefined };
}

/** PUSH_DATA root object; `rxpk` is empty when the datagram carries only `stat`. */
export interface PushDataBody {
  readonly rxpk: readonly Rxpk[];
  readonly stat?: Stat | undefined;
}

type JsonObject = Readonly<Record<string, unknown>>;

const U8 = 0xff;
const U16 = 0xffff;
const U32 = 0xffffffff;
const MAX_FINITE = Number.MAX_VALUE;
const MAX_PHY_SIZE = 255;

const TX_ACK_ERRORS: ReadonlySet<string> = new Set<TxAckErrorCode>([
  'NONE',
  'TOO_LATE',
  'TOO_EARLY',
  'COLLISION_PACKET',
  'COLLISION_BEACON',
  'TX_FREQ',
  'TX_POWER',
  'GPS_UNLOCKED',
  'UNKNOWN',
]);

// ---------------------------------------------------------------------------------------------
// Field formats shared with translate.ts

const LORA_DATR_RE = /^SF(\d{1,2})BW(\d{3})$/;
const LR_FHSS_DATR_RE = /^M0CW(\d{1,4})$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses a LoRa data-rate id ("SF7BW125"); undefined unless SF 5-12 and BW 125/250/500 kHz. */
export function parseLoraDatr(
  datr: string,
): { readonly spreadingFactor: number; readonly bandwidthHz: number } | undefined {
  const m = LORA_DATR_RE.exec(datr);
  if (m === null) return undefined;
  const sf = Number(m[1]);
  const bwKhz = Number(m[2]);
  if (sf < 5 || sf > 12 || (bwKhz !== 125 && bwKhz !== 250 && bwKhz !== 500)) return undefined;
  return { spreadingFactor: sf, bandwidthHz: bwKhz * 1000 };
}

/** Parses an LR-FHSS data-rate id ("M0CW137") to its occupied channel width in Hz. */
export function parseLrFhssDatr(datr: string): number | undefined {
  const m = LR_FHSS_DATR_RE.exec(datr);
  if (m === null) return undefined;
  const khz = Number(m[1]);
  return khz > 0 ? khz * 1000 : undefined;
}

/**
 * Byte length of a strictly validated base64 string, or undefined for anything but the
 * standard alphabet with correct `=` padding; missing padding is accepted [GWMP §4].
 */
export function base64DecodedLength(s: string): number | undefined {
  if (!BASE64_RE.test(s)) return undefined;
  const len = s.length;
  // The regex allows '=' only as the last one or two characters.
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (pad > 0 && len % 4 !== 0) return undefined;
  const chars = len - pad;
  const rest = chars % 4;
  if (rest === 1) return undefined;
  return (chars - rest) * 0.75 + (rest === 0 ? 0 : rest - 1);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Value of the `len` decimal digits at `start`, or -1 if any is not a digit. */
function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Unix ms of "YYYY-MM-DD?HH:MM:SS" at the start of `s` (`sep` is 'T' or ' '), or undefined.
 * Hand-parsed: it runs for every uplink and a regex + Date costs several times more.
 */
function dateTimeMs(s: string, sep: number): number | undefined {
  if (
    s.length < 19 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== sep ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a
  ) {
    return undefined;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined;
  // Second 60 is a leap second; Date.UTC rolls it into the next minute.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * Parses the rxpk "compact" ISO 8601 time (`2013-03-31T16:21:17.528002Z`) to Unix ms,
 * truncating below the millisecond. A missing zone is read as UTC; ±hh:mm offsets apply.
 */
export function parseCompactTimeMs(s: string): number | undefined {
  let ms = dateTimeMs(s, 0x54);
  if (ms === undefined) return undefined;
  let i = 19;
  const len = s.length;
  if (i < len && s.charCodeAt(i) === 0x2e) {
    const fracStart = ++i;
    let fracMs = 0;
    for (; i < len; i++) {
      const d = s.charCodeAt(i) - 0x30;
      if (!(d >= 0 && d <= 9)) break;
      if (i - fracStart < 3) fracMs = fracMs * 10 + d;
    }
    const fracLen = i - fracStart;
    if (fracLen < 1 || fracLen > 9) return undefined;
    for (let k = fracLen; k < 3; k++) fracMs *= 10;
    ms += fracMs;
  }
  if (i === len) return ms;
  const z = s.charCodeAt(i);
  if (z === 0x5a) return i + 1 === len ? ms : undefined;
  if ((z !== 0x2b && z !== 0x2d) || len !== i + 6 || s.charCodeAt(i + 3) !== 0x3a) {
    return undefined;
  }
  const hh = digits(s, i + 1, 2);
  const mm = digits(s, i + 4, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return undefined;
  const offsetMs = (hh * 60 + mm) * 60_000;
  return z === 0x2b ? ms - offsetMs : ms + offsetMs;
}

/** Parses a stat time: the "expanded" `2014-01-12 08:59:28 GMT` or the compact ISO form. */
export function parseStatTimeMs(s: string): number | undefined {
  if (s.length === 23 && (s.endsWith(' GMT') || s.endsWith(' UTC'))) {
    return dateTimeMs(s, 0x20);
  }
  return parseCompactTimeMs(s);
}

// ---------------------------------------------------------------------------------------------
// Field readers: `path` is the object's position ("rxpk[0]"), composed into a name only on error

function fieldName(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function missing(path: string, key: string): never {
  throw new UdpDecodeError('UDP_MISSING_FIELD', 'missing field', { field: fieldName(path, key) });
}

function invalid(path: string, key: string, expected: string): never {
  throw new UdpDecodeError('UDP_INVALID_FIELD', 'invalid field', {
    field: fieldName(path, key),
    expected,
  });
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObject(v: unknown, path: string): JsonObject {
  if (!isObject(v)) {
    throw new UdpDecodeError('UDP_INVALID_FIELD', 'invalid field', {
      field: path,
      expected: 'object',
    });
  }
  return v;
}

/** The root of a JSON body must be an object [GWMP §3-5]; anything else is not GWMP JSON. */
function asRoot(v: unknown): JsonObject {
  if (!isObject(v)) {
    throw new UdpDecodeError('UDP_INVALID_JSON', 'json body is not an object', {
      reason: Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v,
    });
  }
  return v;
}

function optNumber(o: JsonObject, key: string, path: string, min: number, max: number) {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  // JSON can yield ±Infinity (1e400); the range test rejects it.
  if (typeof v !== 'number' || !(v >= min && v <= max)) {
    invalid(path, key, max === MAX_FINITE ? `number >= ${min}` : `number ${min}..${max}`);
  }
  // + 0 turns -0 into 0, so a decoded value re-encodes (JSON writes -0 as 0) to itself.
  return v + 0;
}

function optInt(o: JsonObject, key: string, path: string, min: number, max: number) {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    invalid(path, key, `integer ${min}..${max}`);
  }
  return v + 0;
}

function optFinite(o: JsonObject, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(path, key, 'finite number');
  return v + 0;
}

function reqFinite(o: JsonObject, key: string, path: string): number {
  return optFinite(o, key, path) ?? missing(path, key);
}

function reqInt(o: JsonObject, key: string, path: string, min: number, max: number): number {
  return optInt(o, key, path, min, max) ?? missing(path, key);
}

function optString(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(path, key, 'string');
  return v;
}

function reqString(o: JsonObject, key: string, path: string): string {
  return optString(o, key, path) ?? missing(path, key);
}

function optBool(o: JsonObject, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') invalid(path, key, 'boolean');
  return v;
}

/** Checks `data` is base64 whose decoded length equals `size` [GWMP §3]. */
function checkPayload(data: string, size: number, path: string): void {
  const n = base64DecodedLength(data);
  if (n === undefined) {
    throw new UdpDecodeError('UDP_INVALID_BASE64', 'invalid base64', {
      field: fieldName(path, 'data'),
    });
  }
  if (n !== size) {
    throw new UdpDecodeError('UDP_SIZE_MISMATCH', 'size does not match data length', {
      field: fieldName(path, 'size'),
      size,
      dataLength: n,
    });
  }
}

function readDatr(o: JsonObject, path: string, modu: RxpkModulation): string | number {
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

// ---------------------------------------------------------------------------------------------
// Object validators

function parseRsig(value: unknown, path: string): RxpkRsig {
  const o = asObject(value, path);
  return {
    ant: reqInt(o, 'ant', path, 0, U16),
    chan: reqInt(o, 'chan', path, 0, U16),
    rssic: reqFinite(o, 'rssic', path),
    rssis: optFinite(o, 'rssis', path),
    lsnr: optFinite(o, 'lsnr', path),
    etime: optString(o, 'etime', path),
    ftime: optFinite(o, 'ftime', path),
    foff: optFinite(o, 'foff', path),
  };
}

/** Validates one `rxpk` element; `path` names it in errors ("rxpk[0]"). */
export function parseRxpk(value: unknown, path = 'rxpk'): Rxpk {
  const o = asObject(value, path);
  const modu = o.modu;
  if (modu === undefined || modu === null) missing(path, 'modu');
  if (modu !== 'LORA' && modu !== 'FSK' && modu !== 'LR-FHSS') {
    invalid(path, 'modu', 'LORA, FSK or LR-FHSS');
  }
  const datr = readDatr(o, path, modu);

  let rsig: RxpkRsig[] | undefined;
  const rsigValue = o.rsig;
  if (rsigValue !== undefined && rsigValue !== null) {
    if (!Array.isArray(rsigValue)) invalid(path, 'rsig', 'array');
    rsig = new Array<RxpkRsig>(rsigValue.length);
    const rsigPath = fieldName(path, 'rsig');
    for (let i = 0; i < rsigValue.length; i++) {
      rsig[i] = parseRsig(rsigValue[i], `${rsigPath}[${i}]`);
    }
  }
  // Multi-antenna forwarders report channel, RSSI and SNR per antenna only.
  const perAntenna = rsig !== undefined && rsig.length > 0;

  const stat = o.stat;
  if (stat === undefined || stat === null) missing(path, 'stat');
  if (stat !== 1 && stat !== 0 && stat !== -1) invalid(path, 'stat', '1, 0 or -1');

  const time = optString(o, 'time', path);
  if (time !== undefined && parseCompactTimeMs(time) === undefined) {
    invalid(path, 'time', 'iso 8601 time like 2013-03-31T16:21:17.528002Z');
  }
  const size = reqInt(o, 'size', path, 0, MAX_PHY_SIZE);
  const data = reqString(o, 'data', path);
  checkPayload(data, size, path);

  return {
    time,
    tmms: optInt(o, 'tmms', path, 0, Number.MAX_SAFE_INTEGER),
    tmst: reqInt(o, 'tmst', path, 0, U32),
    freq: optNumber(o, 'freq', path, Number.MIN_VALUE, MAX_FINITE) ?? missing(path, 'freq'),
    chan: perAntenna ? optInt(o, 'chan', path, 0, U16) : reqInt(o, 'chan', path, 0, U16),
    rfch: optInt(o, 'rfch', path, 0, U8),
    stat: stat === 0 ? 0 : stat,
    modu,
    datr,
    codr: modu === 'LR-FHSS' ? reqString(o, 'codr', path) : optString(o, 'codr', path),
    rssi: perAntenna ? optFinite(o, 'rssi', path) : reqFinite(o, 'rssi', path),
    lsnr: perAntenna || modu !== 'LORA' ? optFinite(o, 'lsnr', path) : reqFinite(o, 'lsnr', path),
    rssis: optFinite(o, 'rssis', path),
    foff: optFinite(o, 'foff', path),
    brd: optInt(o, 'brd', path, 0, U16),
    ftime: optFinite(o, 'ftime', path),
    hpw: optInt(o, 'hpw', path, 0, U16),
    size,
    data,
    rsig,
  };
}

/** Validates a `stat` object. Counters must be non-negative integers when present. */
export function parseStat(value: unknown, path = 'stat'): Stat {
  const o = asObject(value, path);
  const counter = (key: string) => optInt(o, key, path, 0, Number.MAX_SAFE_INTEGER);
  return {
    // Informative only: a format this module cannot read leaves GatewayStats.timeMs unset.
    time: optString(o, 'time', path),
    lati: optFinite(o, 'lati', path),
    long: optFinite(o, 'long', path),
    alti: optFinite(o, 'alti', path),
    rxnb: counter('rxnb'),
    rxok: counter('rxok'),
    rxfw: counter('rxfw'),
    ackr: optNumber(o, 'ackr', path, 0, MAX_FINITE),
    dwnb: counter('dwnb'),
    txnb: counter('txnb'),
    temp: optFinite(o, 'temp', path),
  };
}

/** Validates a `txpk` object [GWMP §4]. */
export function parseTxpk(value: unknown, path = 'txpk'): Txpk {
  const o = asObject(value, path);
  const modu = o.modu;
  if (modu === undefined || modu === null) missing(path, 'modu');
  if (modu !== 'LORA' && modu !== 'FSK') invalid(path, 'modu', 'LORA or FSK');
  const datr = readDatr(o, path, modu);

  const imme = optBool(o, 'imme', path);
  const tmst = optInt(o, 'tmst', path, 0, U32);
  const tmms = optInt(o, 'tmms', path, 0, Number.MAX_SAFE_INTEGER);
  // The reference forwarder aborts a TX that names no time at all [GWMP §4].
  if (imme !== true && tmst === undefined && tmms === undefined) missing(path, 'tmst');

  const size = reqInt(o, 'size', path, 0, MAX_PHY_SIZE);
  const data = reqString(o, 'data', path);
  checkPayload(data, size, path);

  return {
    imme,
    tmst,
    tmms,
    freq: optNumber(o, 'freq', path, Number.MIN_VALUE, MAX_FINITE) ?? missing(path, 'freq'),
    rfch: optInt(o, 'rfch', path, 0, U8),
    // The reference forwarder casts powe to int8_t.
    powe: optInt(o, 'powe', path, -128, 127),
    modu,
    datr,
    codr: optString(o, 'codr', path),
    fdev: optInt(o, 'fdev', path, 0, U32),
    ipol: optBool(o, 'ipol', path),
    prea: optInt(o, 'prea', path, 0, U16),
    size,
    data,
    ncrc: optBool(o, 'ncrc', path),
    brd: optInt(o, 'brd', path, 0, U16),
    ant: optInt(o, 'ant', path, 0, U16),
  };
}

/** Validates a `txpk_ack` object; no `error` means NONE, an unknown code reads as UNKNOWN. */
export function parseTxpkAck(value: unknown, path = 'txpk_ack'): TxpkAck {
  const o = asObject(value, path);
  const error = optString(o, 'error', path);
  const v = o.value;
  if (v !== undefined && v !== null && typeof v !== 'string') {
    if (typeof v !== 'number' || !Number.isFinite(v)) invalid(path, 'value', 'number or string');
  }
  return {
    // The reference forwarder itself reports errors it cannot name as UNKNOWN [GWMP §5].
    error:
      error === undefined
        ? 'NONE'
        : TX_ACK_ERRORS.has(error)
          ? (error as TxAckErrorCode)
          : 'UNKNOWN',
    warn: optString(o, 'warn', path),
    value: v === null || v === undefined ? undefined : typeof v === 'number' ? v + 0 : v,
  };
}

/** Validates a PUSH_DATA root object: `rxpk` array and/or `stat` object [GWMP §3]. */
export function parsePushDataBody(value: unknown): PushDataBody {
  const o = asRoot(value);
  const rxpkValue = o.rxpk;
  let rxpk: Rxpk[] = [];
  if (rxpkValue !== undefined && rxpkValue !== null) {
    if (!Array.isArray(rxpkValue)) invalid('', 'rxpk', 'array');
    rxpk = new Array<Rxpk>(rxpkValue.length);
    for (let i = 0; i < rxpkValue.length; i++) rxpk[i] = parseRxpk(rxpkValue[i], `rxpk[${i}]`);
  }
  // Some forwarders send "stat": null when they have nothing to report.
  const statValue = o.stat;
  const stat = statValue === undefined || statValue === null ? undefined : parseStat(statValue);
  return { rxpk, stat };
}

/** Validates a PULL_RESP root object, which must hold `txpk` [GWMP §4]. */
export function parsePullRespBody(value: unknown): Txpk {
  const o = asRoot(value);
  const txpk = o.txpk;
  if (txpk === undefined || txpk === null) missing('', 'txpk');
  return parseTxpk(txpk);
}

/** Validates a TX_ACK root object; a missing `txpk_ack` means success [GWMP §5]. */
export function parseTxAckBody(value: unknown): TxpkAck {
  const o = asRoot(value);
  const ack = o.txpk_ack;
  return ack === undefined || ack === null ? noErrorAck() : parseTxpkAck(ack);
}
