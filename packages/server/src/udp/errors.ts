import { AppError } from '../shared/errors.js';
import type { ErrorDetails } from '../shared/errors.js';

export const udpDecodeErrorCodes = [
  'UDP_TOO_SHORT',
  'UDP_UNKNOWN_VERSION',
  'UDP_UNKNOWN_PACKET_TYPE',
  'UDP_INVALID_LENGTH',
  'UDP_INVALID_JSON',
  'UDP_INVALID_BASE64',
  'UDP_MISSING_FIELD',
  'UDP_INVALID_FIELD',
  'UDP_SIZE_MISMATCH',
] as const;

/** Every way a GWMP datagram can be wrong; `details` names the packet type and field. */
export type UdpDecodeErrorCode = (typeof udpDecodeErrorCodes)[number];

/** Every code the udp module raises (docs/errors.md lists them). */
export const udpErrorCodes: readonly string[] = [...udpDecodeErrorCodes, 'UDP_INVALID_VALUE'];

/** A datagram that is not valid Semtech GWMP; the udp codecs throw only this. */
export class UdpDecodeError extends AppError {
  readonly code: UdpDecodeErrorCode;
  constructor(
    code: UdpDecodeErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
    this.code = code;
  }
}

/** A value that cannot be put on the wire (token out of range, bad EUI, bad frequency...). */
export class UdpEncodeError extends AppError {
  readonly code = 'UDP_INVALID_VALUE';
}
