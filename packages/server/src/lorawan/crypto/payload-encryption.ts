/**
 * FRMPayload encryption [L2 1.0.4 §4.3.3]: S = aes128_encrypt(K, A1 | … | Ak) xored with
 * the payload, so the same function encrypts and decrypts.
 */
import type { DevAddr } from '../../shared/ids.js';
import { LorawanEncodeError } from '../errors.js';
import { AES_BLOCK_BYTES, AesEcb } from './aes-cmac.js';

/** Frame direction as it enters the B0 and Ai blocks: Dir 0 = uplink, 1 = downlink. */
export type FrameDirection = 'up' | 'down';

/** The block counter i is one octet, so one frame holds at most 255 keystream blocks. */
const MAX_BLOCKS = 255;
const U32_MAX = 0xffffffff;

/** 0 for uplink, 1 for downlink, the Dir octet of B0 and Ai [L2 1.0.4 §4.3.3, §4.4]. */
export function directionByte(dir: FrameDirection): number {
  return dir === 'up' ? 0 : 1;
}

/** DevAddr as the uint32 whose little-endian bytes go on air; validates the hex form. */
export function devAddrToUint32(devAddr: DevAddr): number {
  const value = devAddr.length === 8 ? Number.parseInt(devAddr, 16) : Number.NaN;
  if (!(value >= 0 && value <= U32_MAX) || !/^[0-9a-f]{8}$/.test(devAddr)) {
    throw new LorawanEncodeError('invalid devAddr', { devAddr });
  }
  return value;
}

/** Throws LorawanEncodeError unless `fCnt32` is an integer in 0..2^32-1. */
export function assertFCnt32(fCnt32: number): void {
  if (!Number.isInteger(fCnt32) || fCnt32 < 0 || fCnt32 > U32_MAX) {
    throw new LorawanEncodeError('fCnt32 must be an integer in 0..4294967295', { fCnt32 });
  }
}

/**
 * Writes the A1..An blocks for `n` blocks into `out` from offset 0 [L2 1.0.4 §4.3.3]:
 * 0x01 | 0x00×4 | Dir | DevAddr(LE) | FCnt32(LE) | 0x00 | i.
 */
export function writeAiBlocks(
  out: Buffer,
  n: number,
  dirByte: number,
  devAddr: number,
  fCnt32: number,
): void {
  out[0] = 0x01;
  out.writeUInt32LE(0, 1);
  out[5] = dirByte;
  out.writeUInt32LE(devAddr, 6);
  out.writeUInt32LE(fCnt32, 10);
  out[14] = 0;
  out[15] = 1;
  for (let b = 1; b < n; b++) {
    const o = b * AES_BLOCK_BYTES;
    out.copyWithin(o, 0, AES_BLOCK_BYTES - 1);
    out[o + AES_BLOCK_BYTES - 1] = b + 1;
  }
}

/** The block A_i (i from 1) as a new buffer [L2 1.0.4 §4.3.3]; for tests and diagnostics. */
export function aiBlock(dir: FrameDirection, devAddr: DevAddr, fCnt32: number, i: number): Buffer {
  assertFCnt32(fCnt32);
  if (!Number.isInteger(i) || i < 1 || i > MAX_BLOCKS) {
    throw new LorawanEncodeError('block index must be in 1..255', { index: i });
  }
  const block = Buffer.alloc(AES_BLOCK_BYTES);
  writeAiBlocks(block, 1, directionByte(dir), devAddrToUint32(devAddr), fCnt32);
  block[AES_BLOCK_BYTES - 1] = i;
  return block;
}

/** Bytes of Ai scratch space an FRMPayload of `length` bytes needs. */
export function aiScratchBytes(length: number): number {
  return Math.ceil(length / AES_BLOCK_BYTES) * AES_BLOCK_BYTES;
}

/**
 * XORs `payload` with the keystream for (dir, devAddr, fCnt32), writing the Ai blocks into
 * `scratch` (at least aiScratchBytes(payload.length) long). All Ai blocks go through ONE ECB
 * call, and the keystream buffer that call returns becomes the result: no other allocation.
 */
export function cryptWithScratch(
  ecb: AesEcb,
  scratch: Buffer,
  dirByte: number,
  devAddr: number,
  fCnt32: number,
  payload: Uint8Array,
): Buffer {
  const len = payload.length;
  if (len === 0) return Buffer.alloc(0);
  const n = Math.ceil(len / AES_BLOCK_BYTES);
  if (n > MAX_BLOCKS) {
    throw new LorawanEncodeError('frmPayload longer than 4080 bytes', { length: len });
  }
  const total = n * AES_BLOCK_BYTES;
  writeAiBlocks(scratch, n, dirByte, devAddr, fCnt32);
  const keystream = ecb.encryptBlocks(scratch.subarray(0, total));
  for (let i = 0; i < len; i++) keystream[i] = keystream[i]! ^ payload[i]!;
  return keystream.subarray(0, len);
}

/**
 * Encrypts or decrypts an FRMPayload [L2 1.0.4 §4.3.3]. `key` is AppSKey for FPort 1..255
 * and NwkSKey for FPort 0; pass a kept AesEcb to reuse its key schedule.
 */
export function encryptFrmPayload(
  key: Uint8Array | AesEcb,
  dir: FrameDirection,
  devAddr: DevAddr,
  fCnt32: number,
  payload: Uint8Array,
): Buffer {
  assertFCnt32(fCnt32);
  const ecb = key instanceof AesEcb ? key : new AesEcb(key);
  return cryptWithScratch(
    ecb,
    Buffer.alloc(aiScratchBytes(payload.length)),
    directionByte(dir),
    devAddrToUint32(devAddr),
    fCnt32,
    payload,
  );
}

/** Same operation as encryptFrmPayload: the keystream XOR is its own inverse. */
export const decryptFrmPayload = encryptFrmPayload;
