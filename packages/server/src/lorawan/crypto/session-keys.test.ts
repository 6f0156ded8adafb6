import { describe, expect, it } from 'vitest';
import { LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import { deriveSessionKeys10 } from './session-keys.js';

const vectors = loadLorawanVectors().session_keys;

describe('deriveSessionKeys10', () => {
  it.each(vectors)('$id ($source)', (v) => {
    const keys = deriveSessionKeys10(
      hexField(v, 'app_key'),
      Number.parseInt(v.app_nonce as string, 16),
      v.net_id as string,
      Number.parseInt(v.dev_nonce as string, 16),
    );
    expect(keys.nwkSKey.toString('hex')).toBe(v.expected_nwk_s_key);
    expect(keys.appSKey.toString('hex')).toBe(v.expected_app_s_key);
    if (typeof v.app_nonce_decimal === 'number') {
      expect(Number.parseInt(v.app_nonce as string, 16)).toBe(v.app_nonce_decimal);
    }
  });

  it('rejects out-of-range nonces, a malformed NetID and a short AppKey', () => {
    const key = Buffer.alloc(16);
    expect(() => deriveSessionKeys10(key, 0x1000000, '000000', 0)).toThrow(LorawanEncodeError);
    expect(() => deriveSessionKeys10(key, 0, '000000', 0x10000)).toThrow(LorawanEncodeError);
    expect(() => deriveSessionKeys10(key, 0, '0000', 0)).toThrow(LorawanEncodeError);
    expect(() => deriveSessionKeys10(Buffer.alloc(15), 0, '000000', 0)).toThrow(LorawanEncodeError);
  });
});
