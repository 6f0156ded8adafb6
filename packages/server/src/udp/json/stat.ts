/** The gateway `stat` object of a PUSH_DATA [GWMP §3]. */
import { asObject, MAX_FINITE, optFinite, optInt, optNumber, optString } from './fields.js';
import type { Stat } from './types.js';

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
