/** `txpk_ack` and the TX_ACK body [GWMP §5]. */
import { asObject, asRoot, invalid, optString } from './fields.js';
import type { TxAckErrorCode, TxpkAck } from './types.js';

/** The TX_ACK of a datagram without JSON [GWMP §5], shaped like every decoded TxpkAck. */
export function noErrorAck(): TxpkAck {
  return { error: 'NONE', warn: undefined, value: undefined };
}

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

/** Validates a TX_ACK root object; a missing `txpk_ack` means success [GWMP §5]. */
export function parseTxAckBody(value: unknown): TxpkAck {
  const o = asRoot(value);
  const ack = o.txpk_ack;
  return ack === undefined || ack === null ? noErrorAck() : parseTxpkAck(ack);
}
