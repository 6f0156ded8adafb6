/** `rxpk` and the PUSH_DATA body that carries it with `stat` [GWMP §3]. */
import {
  asObject,
  asRoot,
  fieldName,
  invalid,
  MAX_FINITE,
  MAX_PHY_SIZE,
  missing,
  optFinite,
  optInt,
  optNumber,
  optString,
  payloadLength,
  readDatr,
  reqFinite,
  reqInt,
  reqString,
  U16,
  U32,
  U8,
} from './fields.js';
import type { JsonObject } from './fields.js';
import { parseCompactTimeMs, parseLrFhssDatr } from './formats.js';
import { parseStat } from './stat.js';
import type { PushDataBody, Rxpk, RxpkModulation, RxpkRsig } from './types.js';

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

/**
 * Validates one `rxpk` element; `path` names it in errors ("rxpk[0]"). As liberal as the peers
 * (SPEC "Gateway side"): only `tmst`, `freq`, `datr` and `data` are needed; every other field
 * may be missing or null. `modu` defaults to what `datr` says, an unreadable `time` (some
 * forwarders send a number) is left out, and `size` is kept as sent without being checked:
 * `data` is the payload, and a `size` that disagrees is the caller's to count.
 */
export function parseRxpk(value: unknown, path = 'rxpk'): Rxpk {
  const o = asObject(value, path);
  const modu = readModulation(o, path);
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

  const stat = o.stat;
  if (stat !== undefined && stat !== null && stat !== 1 && stat !== 0 && stat !== -1) {
    invalid(path, 'stat', '1, 0 or -1');
  }

  const time = o.time;
  const data = reqString(o, 'data', path);
  if (payloadLength(data, path) > MAX_PHY_SIZE) {
    invalid(path, 'data', `base64 of at most ${MAX_PHY_SIZE} bytes`);
  }

  return {
    time: typeof time === 'string' && parseCompactTimeMs(time) !== undefined ? time : undefined,
    tmms: optInt(o, 'tmms', path, 0, Number.MAX_SAFE_INTEGER),
    tmst: reqInt(o, 'tmst', path, 0, U32),
    freq: optNumber(o, 'freq', path, Number.MIN_VALUE, MAX_FINITE) ?? missing(path, 'freq'),
    chan: optInt(o, 'chan', path, 0, U16),
    rfch: optInt(o, 'rfch', path, 0, U8),
    stat: stat === 0 ? 0 : (stat ?? undefined),
    modu,
    datr,
    codr: modu === 'LR-FHSS' ? reqString(o, 'codr', path) : optString(o, 'codr', path),
    rssi: optFinite(o, 'rssi', path),
    lsnr: optFinite(o, 'lsnr', path),
    rssis: optFinite(o, 'rssis', path),
    foff: optFinite(o, 'foff', path),
    brd: optInt(o, 'brd', path, 0, U16),
    ftime: optFinite(o, 'ftime', path),
    hpw: optInt(o, 'hpw', path, 0, U16),
    size: optFinite(o, 'size', path),
    data,
    rsig,
  };
}

/**
 * `modu` as sent, or when it is absent the one `datr` implies: a number is FSK, "M0CW…"
 * LR-FHSS, anything else LoRa (readDatr then rejects a `datr` that is not LoRa either).
 */
function readModulation(o: JsonObject, path: string): RxpkModulation {
  const modu = o.modu;
  if (modu === undefined || modu === null) {
    const datr = o.datr;
    if (typeof datr === 'number') return 'FSK';
    if (typeof datr === 'string' && parseLrFhssDatr(datr) !== undefined) return 'LR-FHSS';
    return 'LORA';
  }
  if (modu !== 'LORA' && modu !== 'FSK' && modu !== 'LR-FHSS') {
    invalid(path, 'modu', 'LORA, FSK or LR-FHSS');
  }
  return modu;
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
