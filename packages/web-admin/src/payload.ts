/**
 * Downlink payloads as operators type them: hex (`01 02 ff`), UTF-8 text, or base64 as the API
 * takes it (`POST /api/nodes/<DevAddr>/queue {"data":"<base64>"}`, SPEC "HTTP").
 */
import { base64ToBytes, bytesToBase64, hexToBytes } from './hex';

export type PayloadFormat = 'hex' | 'text' | 'base64';

/** Largest FRMPayload of any region and data rate [RP002-1.0.4 §2]; the server checks the real one. */
export const MAX_PAYLOAD_BYTES = 242;

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The payload's bytes; throws an Error whose message is shown under the input. */
export function payloadBytes(format: PayloadFormat, value: string): Uint8Array {
  switch (format) {
    case 'hex': {
      const clean = value.replace(/[\s:,-]/g, '').replace(/^0x/i, '');
      if (!/^[0-9a-fA-F]*$/.test(clean))
        throw new Error('hex may contain only 0-9, a-f and separators');
      if (clean.length % 2 !== 0) throw new Error('hex needs two digits per byte');
      return hexToBytes(clean);
    }
    case 'text':
      return new TextEncoder().encode(value);
    case 'base64': {
      const clean = value.replace(/\s/g, '');
      if (!BASE64_RE.test(clean)) throw new Error('not valid base64');
      return base64ToBytes(clean);
    }
  }
}

/** Base64 for the API, after checking the format and the size. */
export function encodePayload(format: PayloadFormat, value: string): string {
  const bytes = payloadBytes(format, value);
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    throw new Error(`at most ${MAX_PAYLOAD_BYTES} bytes (this is ${bytes.length})`);
  }
  return bytesToBase64(bytes);
}

/** A react-admin validator for the payload input; reads the chosen format from the form. */
export function validatePayload(
  value: unknown,
  values: { format?: PayloadFormat },
): string | undefined {
  try {
    encodePayload(values.format ?? 'hex', typeof value === 'string' ? value : '');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : 'invalid payload';
  }
}
