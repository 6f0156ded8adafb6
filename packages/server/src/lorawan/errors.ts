import { AppError } from '../shared/errors.js';
import type { ErrorDetails } from '../shared/errors.js';

export const lorawanDecodeErrorCodes = [
  'LORAWAN_TOO_SHORT',
  'LORAWAN_TOO_LONG',
  'LORAWAN_UNKNOWN_MTYPE',
  'LORAWAN_UNSUPPORTED_MAJOR',
  'LORAWAN_INVALID_FOPTS',
  'LORAWAN_INVALID_FIELD',
  'LORAWAN_INVALID_MAC_COMMAND',
] as const;

export type LorawanDecodeErrorCode = (typeof lorawanDecodeErrorCodes)[number];

/** Every code the lorawan module raises (docs/errors.md lists them). */
export const lorawanErrorCodes: readonly string[] = [
  ...lorawanDecodeErrorCodes,
  'LORAWAN_INVALID_VALUE',
  'LORAWAN_UNKNOWN_REGION_PARAMETER',
];

/** Bytes that are not a valid LoRaWAN structure; codecs throw only this. */
export class LorawanDecodeError extends AppError {
  readonly code: LorawanDecodeErrorCode;
  constructor(code: LorawanDecodeErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/** A value that cannot be encoded (out of range, wrong length). */
export class LorawanEncodeError extends AppError {
  readonly code = 'LORAWAN_INVALID_VALUE';
}

/** A region, data rate or channel that the region tables do not know. */
export class LorawanRegionError extends AppError {
  readonly code = 'LORAWAN_UNKNOWN_REGION_PARAMETER';
}
