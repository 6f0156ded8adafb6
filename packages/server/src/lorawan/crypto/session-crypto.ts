/**
 * Per-session crypto with cached AES key schedules: the uplink hot path (MIC check +
 * FRMPayload decryption) runs two native AES calls and allocates only their outputs.
 */
import type { DevAddr } from '../../shared/ids.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { AES_BLOCK_BYTES, AesCmac, AesEcb, assertAesKey } from './aes-cmac.js';
import { MIC_BYTES, micMatches, writeB0 } from './mic.js';
import {
  aiScratchBytes,
  assertFCnt32,
  cryptWithScratch,
  devAddrToUint32,
  directionByte,
} from './payload-encryption.js';
import type { FrameDirection } from './payload-encryption.js';

/** MHDR | DevAddr | FCtrl | FCnt: the fixed head of every data frame [L2 1.0.4 §4.3.1]. */
const DATA_HEAD_BYTES = 8;
/** FRMPayload of the largest PHYPayload (255 bytes) fits in 16 blocks. */
const DEFAULT_AI_SCRATCH = 16 * AES_BLOCK_BYTES;

/** What a data-frame MIC check needs: the frame bytes without the MIC, and the MIC. */
export interface MicFrame {
  /** MHDR | FHDR | FPort | FRMPayload as on air (a view into the received frame). */
  readonly micInput: Buffer;
  readonly mic: Uint8Array;
}

/** What FRMPayload decryption needs; decoded data frames satisfy it. */
export interface FrmPayloadFrame {
  readonly micInput: Buffer;
  readonly fPort: number | undefined;
  readonly frmPayload: Uint8Array;
}

/** The 1.0.x session keys a SessionCrypto is built from; AppSKey may stay with the app. */
export interface SessionCryptoKeys {
  readonly nwkSKey: Uint8Array;
  readonly appSKey?: Uint8Array | undefined;
}

/**
 * One device session's MIC and FRMPayload crypto with AES key schedules cached [L2 1.0.4
 * §4.3.3, §4.4]. Keep one per active session (e.g. in an LRU beside the session record).
 */
export class SessionCrypto {
  private readonly nwkCmac: AesCmac;
  private readonly nwkSKey: Buffer;
  private readonly appSKey: Buffer | undefined;
  private nwkEcb: AesEcb | undefined;
  private appEcb: AesEcb | undefined;
  private readonly b0 = Buffer.alloc(AES_BLOCK_BYTES);
  private aiScratch = Buffer.alloc(DEFAULT_AI_SCRATCH);

  constructor(keys: SessionCryptoKeys) {
    assertAesKey(keys.nwkSKey, 'nwkSKey');
    if (keys.appSKey !== undefined) assertAesKey(keys.appSKey, 'appSKey');
    this.nwkSKey = Buffer.from(keys.nwkSKey);
    this.appSKey = keys.appSKey === undefined ? undefined : Buffer.from(keys.appSKey);
    this.nwkCmac = new AesCmac(this.nwkSKey);
  }

  /** The 4-byte MIC of a data frame given as MHDR..FRMPayload [L2 1.0.4 §4.4]. */
  computeFrameMic(micInput: Buffer, fCnt32: number): Buffer {
    const dirByte = dataFrameDirByte(micInput, fCnt32);
    writeB0(this.b0, dirByte, micInput.readUInt32LE(1), fCnt32, micInput.length);
    return this.nwkCmac.digest(micInput, this.b0).subarray(0, MIC_BYTES);
  }

  /** True when the frame's MIC matches for the 32-bit counter `fCnt32` [L2 1.0.4 §4.4]. */
  verifyFrameMic(frame: MicFrame, fCnt32: number): boolean {
    return micMatches(this.computeFrameMic(frame.micInput, fCnt32), frame.mic);
  }

  /**
   * Decrypts the frame's FRMPayload with NwkSKey (FPort 0) or AppSKey [L2 1.0.4 §4.3.3].
   * Returns a new buffer; empty when the frame has no payload.
   */
  decryptFrmPayload(frame: FrmPayloadFrame, fCnt32: number): Buffer {
    const micInput = frame.micInput;
    const dirByte = dataFrameDirByte(micInput, fCnt32);
    if (frame.fPort === undefined || frame.frmPayload.length === 0) return Buffer.alloc(0);
    return this.crypt(frame.fPort, dirByte, micInput.readUInt32LE(1), fCnt32, frame.frmPayload);
  }

  /** Encrypts a plaintext FRMPayload for `fPort` [L2 1.0.4 §4.3.3]; returns a new buffer. */
  encryptFrmPayload(
    dir: FrameDirection,
    devAddr: DevAddr,
    fCnt32: number,
    fPort: number,
    plaintext: Uint8Array,
  ): Buffer {
    assertFCnt32(fCnt32);
    return this.crypt(fPort, directionByte(dir), devAddrToUint32(devAddr), fCnt32, plaintext);
  }

  private crypt(
    fPort: number,
    dirByte: number,
    devAddr: number,
    fCnt32: number,
    payload: Uint8Array,
  ): Buffer {
    const need = aiScratchBytes(payload.length);
    if (this.aiScratch.length < need) this.aiScratch = Buffer.alloc(need);
    return cryptWithScratch(this.ecbFor(fPort), this.aiScratch, dirByte, devAddr, fCnt32, payload);
  }

  private ecbFor(fPort: number): AesEcb {
    // [L2 1.0.4 §4.3.3] FPort 0 carries MAC commands, encrypted with the NwkSKey
    if (fPort === 0) return (this.nwkEcb ??= new AesEcb(this.nwkSKey));
    if (this.appSKey === undefined) {
      throw new LorawanEncodeError('no appSKey for an application payload', { fPort });
    }
    return (this.appEcb ??= new AesEcb(this.appSKey));
  }
}

/**
 * Dir bit of a data frame's MHDR (MType 010/100 up, 011/101 down [L2 1.0.4 §4.2.1]), after
 * checking that `fCnt32` extends the frame's 16-bit FCnt.
 */
function dataFrameDirByte(micInput: Buffer, fCnt32: number): number {
  if (micInput.length < DATA_HEAD_BYTES) {
    throw new LorawanDecodeError('LORAWAN_TOO_SHORT', 'data frame too short', {
      length: micInput.length,
    });
  }
  const mType = micInput[0]! >>> 5;
  if (mType < 2 || mType > 5) {
    throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'not a data frame', { mType });
  }
  assertFCnt32(fCnt32);
  const fCnt = micInput.readUInt16LE(6);
  if ((fCnt32 & 0xffff) !== fCnt) {
    throw new LorawanEncodeError('fCnt32 does not extend the frame fCnt', { fCnt, fCnt32 });
  }
  return mType & 1;
}
