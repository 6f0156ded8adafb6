/**
 * Identifiers as the rest of lns sees them: lowercase big-endian hex without separators.
 * On-air little-endian order stays inside lorawan/phy and lorawan/crypto.
 */
export type Eui64 = string & { readonly __brand: 'Eui64' };
export type DevAddr = string & { readonly __brand: 'DevAddr' };

const EUI64_RE = /^[0-9a-f]{16}$/;
const DEVADDR_RE = /^[0-9a-f]{8}$/;
const SEPARATORS_RE = /[:\-\s]/g;

/** Normalises user input (upper case, `:`/`-` separators) to an Eui64, or returns undefined. */
export function parseEui64(input: string): Eui64 | undefined {
  const hex = input.replace(SEPARATORS_RE, '').toLowerCase();
  return EUI64_RE.test(hex) ? (hex as Eui64) : undefined;
}

/** Normalises user input to a DevAddr, or returns undefined. */
export function parseDevAddr(input: string): DevAddr | undefined {
  const hex = input.replace(SEPARATORS_RE, '').toLowerCase();
  return DEVADDR_RE.test(hex) ? (hex as DevAddr) : undefined;
}

/** Reads 8 bytes in network (big-endian) order as an Eui64. */
export function eui64FromBytes(bytes: Uint8Array): Eui64 {
  return Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString('hex') as Eui64;
}

/** Writes an Eui64 as 8 bytes in network (big-endian) order. */
export function eui64ToBytes(eui: Eui64): Buffer {
  return Buffer.from(eui, 'hex');
}
