import { describe, expect, it } from 'vitest';
import type { DevAddr } from '../../shared/ids.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { VectorEntry } from '../../testing/vectors.js';
import { SessionCrypto } from './session-crypto.js';

const frames = loadLorawanVectors().data_frames;

function sessionOf(v: VectorEntry): SessionCrypto {
  return new SessionCrypto({
    nwkSKey: hexField(v, 'nwk_s_key'),
    appSKey: typeof v.app_s_key === 'string' ? hexField(v, 'app_s_key') : undefined,
  });
}

/** The raw pieces of a data-frame vector, cut by its own field lengths (not by our codec). */
function framePieces(v: VectorEntry) {
  const phy = hexField(v, 'phy_payload_hex');
  const frm = hexField(v, 'frm_payload_encrypted_hex');
  const micStart = phy.length - 4;
  return {
    micInput: phy.subarray(0, micStart),
    mic: phy.subarray(micStart),
    fPort: typeof v.fport === 'number' ? v.fport : undefined,
    frmPayload: phy.subarray(micStart - frm.length, micStart),
  };
}

const plaintextOf = (v: VectorEntry): string | null | undefined =>
  (v.expected_frm_payload_plaintext_hex ?? v.computed_frm_payload_plaintext_hex) as
    string | null | undefined;

const decryptable = frames.filter(
  (v) => typeof plaintextOf(v) === 'string' && (v.fport === 0 || typeof v.app_s_key === 'string'),
);

describe('SessionCrypto.verifyFrameMic', () => {
  it.each(frames)('$id ($source)', (v) => {
    const session = sessionOf(v);
    const pieces = framePieces(v);
    const fCnt32 = v.fcnt_full as number;
    expect(session.computeFrameMic(pieces.micInput, fCnt32).toString('hex')).toBe(v.expected_mic);
    expect(session.verifyFrameMic(pieces, fCnt32)).toBe(true);
    // twice: the cached CMAC state must not leak between frames
    expect(session.verifyFrameMic(pieces, fCnt32)).toBe(true);
    const otherKey = new SessionCrypto({ nwkSKey: Buffer.alloc(16, 0xa5) });
    expect(otherKey.verifyFrameMic(pieces, fCnt32)).toBe(false);
  });
});

describe('SessionCrypto.decryptFrmPayload', () => {
  it.each(decryptable)('$id ($source, plaintext $plaintext_origin)', (v) => {
    const session = sessionOf(v);
    const fCnt32 = v.fcnt_full as number;
    const plain = session.decryptFrmPayload(framePieces(v), fCnt32);
    expect(plain.toString('hex')).toBe(plaintextOf(v));
    // and back: encrypting the plaintext gives the frame's FRMPayload
    if (plain.length > 0) {
      const dir = v.direction === 'uplink' ? 'up' : 'down';
      const fPort = v.fport as number;
      const enc = session.encryptFrmPayload(dir, v.dev_addr as DevAddr, fCnt32, fPort, plain);
      expect(enc.toString('hex')).toBe(v.frm_payload_encrypted_hex);
    }
  });

  it('DF05 (anthonykirby/lora-packet:__tests__/packet_test.ts): FPort 0 uses NwkSKey, so no AppSKey is needed', () => {
    const v = frames.find((f) => f.id === 'DF05')!;
    expect(v.app_s_key).toBeNull();
    expect(sessionOf(v).decryptFrmPayload(framePieces(v), 16).toString('hex')).toBe('02');
  });

  it('an application payload without AppSKey throws', () => {
    const v = frames.find((f) => f.id === 'DF01')!;
    const session = new SessionCrypto({ nwkSKey: hexField(v, 'nwk_s_key') });
    expect(() => session.decryptFrmPayload(framePieces(v), 2)).toThrow(LorawanEncodeError);
  });
});

describe('SessionCrypto argument checks', () => {
  const v = frames.find((f) => f.id === 'DF01')!;

  it('refuses an fCnt32 whose low 16 bits differ from the frame FCnt', () => {
    expect(() => sessionOf(v).verifyFrameMic(framePieces(v), 3)).toThrow(LorawanEncodeError);
    expect(() => sessionOf(v).verifyFrameMic(framePieces(v), -1)).toThrow(LorawanEncodeError);
  });

  it('refuses bytes that are not a data frame', () => {
    const join = Buffer.from('0039363463336913aa05693574323831330489', 'hex');
    expect(() => sessionOf(v).computeFrameMic(join, 0)).toThrow(LorawanDecodeError);
    expect(() => sessionOf(v).computeFrameMic(Buffer.from('40010203', 'hex'), 0)).toThrow(
      LorawanDecodeError,
    );
  });

  it('refuses keys that are not 16 bytes', () => {
    expect(() => new SessionCrypto({ nwkSKey: Buffer.alloc(15) })).toThrow(LorawanEncodeError);
    expect(
      () => new SessionCrypto({ nwkSKey: Buffer.alloc(16), appSKey: Buffer.alloc(17) }),
    ).toThrow(LorawanEncodeError);
  });

  it('copies the keys it is given', () => {
    const nwkSKey = hexField(v, 'nwk_s_key');
    const session = new SessionCrypto({ nwkSKey, appSKey: hexField(v, 'app_s_key') });
    nwkSKey.fill(0);
    expect(session.verifyFrameMic(framePieces(v), 2)).toBe(true);
  });
});
