/**
 * Hex identifiers as people type and read them. The API stores EUIs, DevAddrs and keys as
 * lowercase hex without separators (SPEC "HTTP"); people paste them with `:`, `-`, spaces,
 * a `0x` prefix or in upper case, and read EUIs best in byte groups.
 */

const SEPARATORS = /[\s:\-_.]/g;

/** Lowercase hex without separators or `0x`; anything that is not hex is left for validation. */
export function normaliseHex(value: string): string {
  const v = value.trim().replace(/^0x/i, '').replace(SEPARATORS, '');
  return /^[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : value.trim();
}

export function isHexOfLength(value: string, digits: number): boolean {
  return new RegExp(`^[0-9a-f]{${digits}}$`).test(normaliseHex(value));
}

/** `aa555a0000000101` → `aa:55:5a:00:00:00:01:01`; other text is returned unchanged. */
export function groupHex(value: string | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (!/^[0-9a-f]+$/i.test(value) || value.length % 2 !== 0) return value;
  return (value.toLowerCase().match(/../g) ?? []).join(':');
}

function validator(digits: number, what: string) {
  return (value: unknown): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !isHexOfLength(value, digits)) {
      return `${what}: ${digits} hex digits (separators : - or spaces are fine)`;
    }
    return undefined;
  };
}

/** react-admin validators: undefined when valid, else the message shown under the field. */
export const validateEui = validator(16, 'must be a 64-bit EUI');
export const validateDevAddr = validator(8, 'must be a DevAddr');
export const validateKey = validator(32, 'must be a 128-bit key');

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = normaliseHex(hex);
  if (!/^(?:[0-9a-f]{2})*$/.test(clean)) {
    throw new Error('hex must have an even number of hex digits');
  }
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A random AES-128 key as 32 hex digits, from the browser's CSPRNG. */
export function randomKeyHex(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
}

/** Printable ASCII view of a payload for tables (`.` for other bytes). */
export function hexToAscii(hex: string): string {
  try {
    return Array.from(hexToBytes(hex), (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
    ).join('');
  } catch {
    return '';
  }
}
