/**
 * AES-128 primitives on node:crypto with the key schedule set up once per key: ECB for the
 * FRMPayload keystream and key derivation, CMAC [RFC 4493] for every LoRaWAN MIC.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Cipher } from 'node:crypto';
import { LorawanEncodeError } from '../errors.js';

/** AES block (and AES-128 key) size in bytes. */
export const AES_BLOCK_BYTES = 16;
const RB = 0x87; // [RFC 4493 §2.3] constant for 128-bit blocks
const ZERO_BLOCK = Buffer.alloc(AES_BLOCK_BYTES);

/** Throws LorawanEncodeError unless `key` is a 16-byte AES-128 key. */
export function assertAesKey(key: Uint8Array, name: string): void {
  if (key.length !== AES_BLOCK_BYTES) {
    throw new LorawanEncodeError(`${name} must be 16 bytes`, { field: name, length: key.length });
  }
}

function assertWholeBlocks(data: Uint8Array): void {
  if (data.length % AES_BLOCK_BYTES !== 0) {
    throw new LorawanEncodeError('aes-ecb input must be whole 16-byte blocks', {
      length: data.length,
    });
  }
}

/**
 * AES-128-ECB encryption with a cached key schedule: keep one per key. ECB without padding
 * carries no state between calls, so the cipher is reused by `update` and never finalised.
 */
export class AesEcb {
  private readonly cipher: Cipher;

  constructor(key: Uint8Array) {
    assertAesKey(key, 'key');
    this.cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  }

  /** Encrypts whole 16-byte blocks in one native call; returns a new buffer of equal length. */
  encryptBlocks(blocks: Uint8Array): Buffer {
    assertWholeBlocks(blocks);
    return this.cipher.update(blocks);
  }
}

/** One-shot AES-128-ECB encryption of whole blocks (no key schedule kept). */
export function aesEcbEncrypt(key: Uint8Array, blocks: Uint8Array): Buffer {
  return new AesEcb(key).encryptBlocks(blocks);
}

/** One-shot AES-128-ECB decryption of whole blocks; only the join-accept needs it. */
export function aesEcbDecrypt(key: Uint8Array, blocks: Uint8Array): Buffer {
  assertAesKey(key, 'key');
  assertWholeBlocks(blocks);
  return createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(blocks);
}

function doubleBlock(src: Uint8Array, dst: Buffer): void {
  // [RFC 4493 §2.3] left shift by one bit, xor Rb when the dropped bit was set
  const carry = (src[0]! & 0x80) !== 0;
  for (let i = 0; i < AES_BLOCK_BYTES - 1; i++) {
    dst[i] = ((src[i]! << 1) | (src[i + 1]! >>> 7)) & 0xff;
  }
  dst[AES_BLOCK_BYTES - 1] = ((src[AES_BLOCK_BYTES - 1]! << 1) & 0xff) ^ (carry ? RB : 0);
}

/**
 * AES-CMAC [RFC 4493] with subkeys and AES key schedule computed once: keep one per key.
 * A whole message goes through ONE native AES-128-CBC call (CBC-MAC is CMAC's core).
 */
export class AesCmac {
  private readonly cbc: Cipher;
  private readonly k1 = Buffer.alloc(AES_BLOCK_BYTES);
  private readonly k2 = Buffer.alloc(AES_BLOCK_BYTES);
  /**
   * The reused CBC cipher chains on from its last output block. XORing that block into the
   * next message's first block cancels it, so every digest starts from a zero IV.
   */
  private readonly chain = Buffer.alloc(AES_BLOCK_BYTES);
  private scratch = Buffer.alloc(4 * AES_BLOCK_BYTES);

  constructor(key: Uint8Array) {
    assertAesKey(key, 'key');
    this.cbc = createCipheriv('aes-128-cbc', key, ZERO_BLOCK).setAutoPadding(false);
    // L = AES(K, 0^128) [RFC 4493 §2.3]; the zero IV makes the first CBC block plain AES
    const l = this.cbc.update(ZERO_BLOCK);
    this.chain.set(l);
    doubleBlock(l, this.k1);
    doubleBlock(this.k1, this.k2);
  }

  /** Copies of the subkeys K1 and K2 [RFC 4493 §2.3], for tests and diagnostics. */
  subkeys(): { k1: Buffer; k2: Buffer } {
    return { k1: Buffer.from(this.k1), k2: Buffer.from(this.k2) };
  }

  /**
   * The 16-byte CMAC of `prefix | msg`; `prefix` is an optional whole block (the B0 block of
   * a data MIC) so callers need not concatenate. The result is a fresh buffer.
   */
  digest(msg: Uint8Array, prefix?: Uint8Array): Buffer {
    const pre = prefix === undefined ? 0 : AES_BLOCK_BYTES;
    if (prefix !== undefined && prefix.length !== AES_BLOCK_BYTES) {
      throw new LorawanEncodeError('cmac prefix must be one 16-byte block', {
        length: prefix.length,
      });
    }
    const len = pre + msg.length;
    const blocks = len === 0 ? 1 : Math.ceil(len / AES_BLOCK_BYTES);
    const total = blocks * AES_BLOCK_BYTES;
    if (this.scratch.length < total) this.scratch = Buffer.alloc(total);
    const s = this.scratch;
    if (prefix !== undefined) s.set(prefix, 0);
    s.set(msg, pre);
    // [RFC 4493 §2.4] a complete last block takes K1, a padded (10*) one takes K2
    let sub = this.k1;
    if (len !== total || len === 0) {
      s[len] = 0x80;
      s.fill(0, len + 1, total);
      sub = this.k2;
    }
    const last = total - AES_BLOCK_BYTES;
    for (let i = 0; i < AES_BLOCK_BYTES; i++) {
      s[last + i]! ^= sub[i]!;
      s[i]! ^= this.chain[i]!;
    }
    const out = this.cbc.update(s.subarray(0, total));
    const tag = out.subarray(last, total);
    this.chain.set(tag);
    return tag;
  }
}

/** One-shot AES-CMAC of `msg` (no key schedule kept); prefer a kept AesCmac on hot paths. */
export function aesCmac(key: Uint8Array, msg: Uint8Array): Buffer {
  return new AesCmac(key).digest(msg);
}
