/** `rxpk` and the PUSH_DATA body that carries it with `stat` [GWMP §3]. */
import {
  asObject,
  asRoot,
  checkPayload,
  fieldName,
  invalid,
  MAX_FINITE,
  MAX_PHY_SIZE,
  missing,
  optFinite,
  optInt,
  optNumber,
  optString,
  readDatr,
  reqFinite,
  reqInt,
  reqString,
  U16,
  U32,
  U8,
} from './fields.js';
import { parseCompactTimeMs } from './formats.js';
import { parseStat } from './stat.js';
import type { PushDataBody, Rxpk, RxpkRsig } from './types.js';

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
