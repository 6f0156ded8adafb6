import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import { AesCmac, AesEcb, aesCmac, aesEcbDecrypt, aesEcbEncrypt } from './aes-cmac.js';

const primitives = loadLorawanVectors().crypto_primitives;
const subkeyVectors = primitives.filter((v) => v.kind === 'cmac_subkeys');
const cmacVectors = primitives.filter((v) => v.kind === 'cmac');

/** RFC 4493 written out block by block with a fresh cipher per block: the slow reference. */
function referenceCmac(key: Buffer, msg: Buffer): Buffer {
  const aes = (block: Buffer): Buffer =>
    createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
  const dbl = (b: Buffer): Buffer => {
    const out = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) out[i] = ((b[i]! << 1) | (i < 15 ? b[i + 1]! >>> 7 : 0)) & 0xff;
    if (b[0]! & 0x80) out[15]! ^= 0x87;
    return out;
  };
  const k1 = dbl(aes(Buffer.alloc(16)));
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(msg.length / 16));
  const complete = msg.length > 0 && msg.length % 16 === 0;
  const last = Buffer.alloc(16);
  msg.copy(last, 0, (n - 1) * 16);
  if (!complete) last[msg.length - (n - 1) * 16] = 0x80;
  for (let i = 0; i < 16; i++) last[i]! ^= (complete ? k1 : k2)[i]!;
  let x: Buffer = Buffer.alloc(16);
  for (let b = 0; b < n; b++) {
    const block = b === n - 1 ? last : msg.subarray(b * 16, b * 16 + 16);
    const y = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) y[i] = x[i]! ^ block[i]!;
    x = aes(y);
  }
  return x;
}

describe('AesCmac subkeys', () => {
  it.each(subkeyVectors)('$id ($source)', (v) => {
    const { k1, k2 } = new AesCmac(hexField(v, 'key')).subkeys();
    expect(k1.toString('hex')).toBe(v.k1_hex);
    expect(k2.toString('hex')).toBe(v.k2_hex);
  });
});

describe('AesCmac digest', () => {
  it.each(cmacVectors)('$id ($source): first 4 bytes', (v) => {
    const tag = new AesCmac(hexField(v, 'key')).digest(hexField(v, 'msg_hex'));
    expect(tag).toHaveLength(16);
    expect(tag.subarray(0, 4).toString('hex')).toBe(v.mic_hex);
  });

  it('RFC 4493 §4 examples 1-4: full 16-byte tags (RFC 4493 §4)', () => {
    const key = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
    const m = Buffer.from(
      '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51' +
        '30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
      'hex',
    );
    const cmac = new AesCmac(key);
    expect(cmac.digest(m.subarray(0, 0)).toString('hex')).toBe('bb1d6929e95937287fa37d129b756746');
    expect(cmac.digest(m.subarray(0, 16)).toString('hex')).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(cmac.digest(m.subarray(0, 40)).toString('hex')).toBe('dfa66747de9ae63030ca32611497c827');
    expect(cmac.digest(m).toString('hex')).toBe('51f0bebf7e3b9d92fc49741779363cfe');
  });

  it('a reused object gives the same tags as fresh objects and the reference, in any order', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 12 }),
        (key, msgs) => {
          const kept = new AesCmac(key);
          for (const msg of msgs) {
            const expected = referenceCmac(Buffer.from(key), Buffer.from(msg));
            expect(kept.digest(msg)).toEqual(expected);
            expect(aesCmac(key, msg)).toEqual(expected);
          }
        },
      ),
    );
  });

  it('digest(msg, prefix) equals the digest of prefix | msg', () => {
    const cmac = new AesCmac(randomBytes(16));
    const prefix = randomBytes(16);
    for (const len of [0, 1, 15, 16, 17, 40]) {
      const msg = randomBytes(len);
      expect(cmac.digest(msg, prefix)).toEqual(cmac.digest(Buffer.concat([prefix, msg])));
    }
  });

  it('rejects a key that is not 16 bytes and a prefix that is not one block', () => {
    expect(() => new AesCmac(Buffer.alloc(15))).toThrow(LorawanEncodeError);
    expect(() => new AesCmac(Buffer.alloc(16)).digest(Buffer.alloc(1), Buffer.alloc(8))).toThrow(
      LorawanEncodeError,
    );
  });
});

describe('AesEcb', () => {
  it('matches one-shot node:crypto AES-128-ECB across repeated calls', () => {
    const key = randomBytes(16);
    const ecb = new AesEcb(key);
    for (const blocks of [1, 3, 16]) {
      const data = randomBytes(blocks * 16);
      const expected = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(data);
      expect(ecb.encryptBlocks(data)).toEqual(expected);
      expect(aesEcbEncrypt(key, data)).toEqual(expected);
      expect(aesEcbDecrypt(key, expected)).toEqual(data);
    }
  });

  it('rejects input that is not whole blocks', () => {
    expect(() => new AesEcb(Buffer.alloc(16)).encryptBlocks(Buffer.alloc(17))).toThrow(
      LorawanEncodeError,
    );
    expect(() => aesEcbDecrypt(Buffer.alloc(16), Buffer.alloc(5))).toThrow(LorawanEncodeError);
  });
});
