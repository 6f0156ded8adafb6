import { describe, expect, it } from 'vitest';
import type { DevAddr } from '../../shared/ids.js';
import { LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { VectorEntry } from '../../testing/vectors.js';
import { AesEcb } from './aes-cmac.js';
import { aiBlock, decryptFrmPayload, encryptFrmPayload } from './payload-encryption.js';
import type { FrameDirection } from './payload-encryption.js';

const primitives = loadLorawanVectors().crypto_primitives;
const encryptVectors = primitives.filter((v) => v.kind === 'frm_payload_encrypt');
const aiVectors = primitives.filter((v) => v.kind === 'ai_block');

const dirOf = (v: VectorEntry): FrameDirection => (v.dir === 0 ? 'up' : 'down');
const devAddrOf = (v: VectorEntry): DevAddr => v.dev_addr as DevAddr;
const fCnt32Of = (v: VectorEntry): number => v.fcnt_full as number;

describe('encryptFrmPayload / decryptFrmPayload', () => {
  it.each(encryptVectors)('$id ($source): plaintext -> ciphertext', (v) => {
    const out = encryptFrmPayload(
      hexField(v, 'key'),
      dirOf(v),
      devAddrOf(v),
      fCnt32Of(v),
      hexField(v, 'plaintext_hex'),
    );
    expect(out.toString('hex')).toBe(v.ciphertext_hex);
  });

  it.each(encryptVectors)('$id ($source): ciphertext -> plaintext with a kept AesEcb', (v) => {
    const ecb = new AesEcb(hexField(v, 'key'));
    const args = [dirOf(v), devAddrOf(v), fCnt32Of(v), hexField(v, 'ciphertext_hex')] as const;
    expect(decryptFrmPayload(ecb, ...args).toString('hex')).toBe(v.plaintext_hex);
    // the same kept cipher must give the same answer on reuse
    expect(decryptFrmPayload(ecb, ...args).toString('hex')).toBe(v.plaintext_hex);
  });

  it('returns an empty buffer for an empty payload', () => {
    const out = encryptFrmPayload(
      Buffer.alloc(16),
      'up',
      '01020304' as DevAddr,
      1,
      Buffer.alloc(0),
    );
    expect(out).toHaveLength(0);
  });

  it('rejects bad keys, DevAddrs, counters and payloads over 255 blocks', () => {
    const key = Buffer.alloc(16);
    const addr = '01020304' as DevAddr;
    const one = Buffer.alloc(1);
    expect(() => encryptFrmPayload(Buffer.alloc(8), 'up', addr, 0, one)).toThrow(
      LorawanEncodeError,
    );
    expect(() => encryptFrmPayload(key, 'up', 'xyz' as DevAddr, 0, one)).toThrow(
      LorawanEncodeError,
    );
    expect(() => encryptFrmPayload(key, 'up', '0102030G' as DevAddr, 0, one)).toThrow(
      LorawanEncodeError,
    );
    expect(() => encryptFrmPayload(key, 'up', addr, 2 ** 32, one)).toThrow(LorawanEncodeError);
    expect(() => encryptFrmPayload(key, 'up', addr, 1.5, one)).toThrow(LorawanEncodeError);
    expect(() => encryptFrmPayload(key, 'up', addr, 0, Buffer.alloc(255 * 16 + 1))).toThrow(
      LorawanEncodeError,
    );
  });
});

describe('aiBlock', () => {
  it.each(aiVectors)('$id ($source)', (v) => {
    const block = aiBlock(dirOf(v), devAddrOf(v), fCnt32Of(v), v.block_index as number);
    expect(block.toString('hex')).toBe(v.block_hex);
  });

  it('rejects a block index outside 1..255', () => {
    expect(() => aiBlock('up', '01020304' as DevAddr, 0, 0)).toThrow(LorawanEncodeError);
    expect(() => aiBlock('up', '01020304' as DevAddr, 0, 256)).toThrow(LorawanEncodeError);
  });
});
