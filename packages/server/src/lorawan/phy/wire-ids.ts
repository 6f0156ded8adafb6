/**
 * On-air (little-endian) DevAddr, EUI-64 and NetID fields <-> lns's big-endian hex forms.
 * This byte reversal stays inside lorawan/phy [L2 1.0.4 §4.3.1, §6.2.5].
 */
import type { DevAddr, Eui64 } from '../../shared/ids.js';
import { LorawanEncodeError } from '../errors.js';

const DEVADDR_RE = /^[0-9a-f]{8}$/;
const EUI64_RE = /^[0-9a-f]{16}$/;
const NETID_RE = /^[0-9a-fA-F]{6}$/;

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Reads a 4-byte little-endian DevAddr as lowercase big-endian hex. */
export function readDevAddr(buf: Buffer, offset: number): DevAddr {
  return hex32(buf.readUInt32LE(offset)) as DevAddr;
}

/** Writes a DevAddr in on-air little-endian order. */
export function writeDevAddr(buf: Buffer, offset: number, devAddr: DevAddr): void {
  if (!DEVADDR_RE.test(devAddr)) throw new LorawanEncodeError('invalid devAddr', { devAddr });
  buf.writeUInt32LE(Number.parseInt(devAddr, 16), offset);
}

/** Reads an 8-byte little-endian EUI-64 as lowercase big-endian hex. */
export function readEui64(buf: Buffer, offset: number): Eui64 {
  return (hex32(buf.readUInt32LE(offset + 4)) + hex32(buf.readUInt32LE(offset))) as Eui64;
}

/** Writes an EUI-64 in on-air little-endian order. */
export function writeEui64(buf: Buffer, offset: number, eui: Eui64, field: string): void {
  if (!EUI64_RE.test(eui)) throw new LorawanEncodeError(`invalid ${field}`, { [field]: eui });
  buf.writeUInt32LE(Number.parseInt(eui.slice(8), 16), offset);
  buf.writeUInt32LE(Number.parseInt(eui.slice(0, 8), 16), offset + 4);
}

/** Reads a 3-byte little-endian NetID as 6 lowercase big-endian hex digits. */
export function readNetId(buf: Buffer, offset: number): string {
  return buf.readUIntLE(offset, 3).toString(16).padStart(6, '0');
}

/** Writes a NetID given as 6 lowercase big-endian hex digits. */
export function writeNetId(buf: Buffer, offset: number, netId: string): void {
  if (!NETID_RE.test(netId)) throw new LorawanEncodeError('invalid netId', { netId });
  buf.writeUIntLE(Number.parseInt(netId, 16), offset, 3);
}

/** Throws LorawanEncodeError unless `value` is an integer in 0..max. */
export function checkUint(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new LorawanEncodeError(`${field} out of range`, { field, value, max });
  }
}

/** A Buffer view of `bytes` (no copy when it already is one). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
