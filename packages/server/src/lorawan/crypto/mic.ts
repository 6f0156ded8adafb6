/**
 * LoRaWAN 1.0.x message integrity codes: MIC = aes128_cmac(key, input)[0..3] for data
 * frames [L2 1.0.4 §4.4], join-requests [L2 1.0.4 §6.2.5] and join-accepts [L2 1.0.4 §6.2.6].
 */
import type { DevAddr } from '../../shared/ids.js';
import { LorawanEncodeError } from '../errors.js';
import { AES_BLOCK_BYTES, AesCmac } from './aes-cmac.js';
import { assertFCnt32, devAddrToUint32, directionByte } from './payload-encryption.js';
import type { FrameDirection } from './payload-encryption.js';

/** A LoRaWAN MIC is the first 4 bytes of the CMAC. */
export const MIC_BYTES = 4;
/** The B0 block stores len(msg) in one octet [L2 1.0.4 §4.4]. */
const MAX_DATA_MIC_INPUT = 255;

function cmacFor(key: Uint8Array | AesCmac): AesCmac {
  return key instanceof AesCmac ? key : new AesCmac(key);
}

/** Writes B0 = 0x49 | 0x00×4 | Dir | DevAddr(LE) | FCnt32(LE) | 0x00 | len(msg) [L2 1.0.4 §4.4]. */
export function writeB0(
  b0: Buffer,
  dirByte: number,
  devAddr: number,
  fCnt32: number,
  msgLength: number,
): void {
  if (msgLength > MAX_DATA_MIC_INPUT) {
    throw new LorawanEncodeError('data frame longer than 255 bytes', { length: msgLength });
  }
  b0[0] = 0x49;
  b0.writeUInt32LE(0, 1);
  b0[5] = dirByte;
  b0.writeUInt32LE(devAddr, 6);
  b0.writeUInt32LE(fCnt32, 10);
  b0[14] = 0;
  b0[15] = msgLength;
}

/** True when the first 4 bytes of `tag` equal `mic`, compared without early exit. */
export function micMatches(tag: Uint8Array, mic: Uint8Array): boolean {
  if (mic.length !== MIC_BYTES) return false;
  return (
    ((tag[0]! ^ mic[0]!) | (tag[1]! ^ mic[1]!) | (tag[2]! ^ mic[2]!) | (tag[3]! ^ mic[3]!)) === 0
  );
}

/**
 * Data-frame MIC [L2 1.0.4 §4.4]; `msg` = MHDR | FHDR | FPort | FRMPayload (the frame
 * without its MIC). Pass a kept AesCmac as `nwkSKey` to reuse its key schedule.
 */
export function computeDataMic(
  nwkSKey: Uint8Array | AesCmac,
  dir: FrameDirection,
  devAddr: DevAddr,
  fCnt32: number,
  msg: Uint8Array,
): Buffer {
  assertFCnt32(fCnt32);
  const b0 = Buffer.alloc(AES_BLOCK_BYTES);
  writeB0(b0, directionByte(dir), devAddrToUint32(devAddr), fCnt32, msg.length);
  return cmacFor(nwkSKey).digest(msg, b0).subarray(0, MIC_BYTES);
}

/** Checks a data-frame MIC [L2 1.0.4 §4.4]; false on mismatch, never throws for it. */
export function verifyDataMic(
  nwkSKey: Uint8Array | AesCmac,
  dir: FrameDirection,
  devAddr: DevAddr,
  fCnt32: number,
  msg: Uint8Array,
  mic: Uint8Array,
): boolean {
  return micMatches(computeDataMic(nwkSKey, dir, devAddr, fCnt32, msg), mic);
}

/** Join-request MIC = aes128_cmac(AppKey, MHDR | JoinEUI | DevEUI | DevNonce)[0..3] [L2 1.0.4 §6.2.5]. */
export function computeJoinRequestMic(appKey: Uint8Array | AesCmac, msg: Uint8Array): Buffer {
  return cmacFor(appKey).digest(msg).subarray(0, MIC_BYTES);
}

/**
 * Join-accept MIC = aes128_cmac(AppKey, MHDR | JoinNonce | NetID | DevAddr | DLSettings |
 * RxDelay | CFList)[0..3] over the plaintext [L2 1.0.4 §6.2.6].
 */
export function computeJoinAcceptMic(appKey: Uint8Array | AesCmac, msg: Uint8Array): Buffer {
  return cmacFor(appKey).digest(msg).subarray(0, MIC_BYTES);
}
