/** `txpk` and the PULL_RESP body that carries it [GWMP §4]. */
import {
  asObject,
  asRoot,
  checkPayload,
  invalid,
  MAX_FINITE,
  MAX_PHY_SIZE,
  missing,
  optBool,
  optInt,
  optNumber,
  optString,
  readDatr,
  reqInt,
  reqString,
  U16,
  U32,
  U8,
} from './fields.js';
import type { Txpk } from './types.js';

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

/** Validates a PULL_RESP root object, which must hold `txpk` [GWMP §4]. */
export function parsePullRespBody(value: unknown): Txpk {
  const o = asRoot(value);
  const txpk = o.txpk;
  if (txpk === undefined || txpk === null) missing('', 'txpk');
  return parseTxpk(txpk);
}
