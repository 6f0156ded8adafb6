/**
 * Join-accept [L2 1.0.4 §6.2.6]: MHDR | JoinNonce(3) | NetID(3) | DevAddr(4) | DLSettings |
 * RxDelay | CFList(16, optional) | MIC(4), all LE. On air everything after the MHDR is
 * encrypted with aes128_decrypt(AppKey, ...), so devices only need AES encrypt.
 */
import type { DevAddr } from '../../shared/ids.js';
import {
  aesEcbDecrypt,
  aesEcbEncrypt,
  computeJoinAcceptMic,
  MIC_BYTES,
  micMatches,
} from '../crypto/index.js';
import type { AesCmac } from '../crypto/index.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { decodeMhdr, encodeMhdr } from './mhdr.js';
import type { Mhdr } from './mhdr.js';
import {
  asBuffer,
  checkUint,
  readDevAddr,
  readNetId,
  writeDevAddr,
  writeNetId,
} from './wire-ids.js';

/** Join-accept PHYPayload without CFList. */
export const JOIN_ACCEPT_BYTES = 17;
/** Join-accept PHYPayload with the 16-byte CFList (region-specific, [L2 1.0.4 §6.2.6]). */
export const JOIN_ACCEPT_CFLIST_BYTES = 33;
const CFLIST_BYTES = 16;

/** DLSettings [L2 1.0.4 §6.2.6]: bit 7 is RFU in 1.0.x (OptNeg in 1.1) and ignored. */
export interface DlSettings {
  readonly rx1DrOffset: number;
  readonly rx2Dr: number;
}

/**
 * The plaintext fields of a join-accept. `joinNonce` is AppNonce before 1.0.4 (numeric value
 * of the 3-byte LE field); `netId` is 6 big-endian hex digits; `rxDelay` is the Del nibble
 * (0 and 1 both mean 1 s).
 */
export interface JoinAcceptFields {
  readonly joinNonce: number;
  readonly netId: string;
  readonly devAddr: DevAddr;
  readonly dlSettings: DlSettings;
  readonly rxDelay: number;
  readonly cfList?: Uint8Array | undefined;
}

/** A join-accept as decodePhyPayload sees it: `encrypted` = the bytes after the MHDR. */
export interface JoinAcceptFrame {
  readonly mType: 'JoinAccept';
  readonly mhdr: Mhdr;
  readonly encrypted: Buffer;
}

/** A decrypted, decoded join-accept; buffers are views into the plaintext frame. */
export interface JoinAcceptPlain extends JoinAcceptFields {
  readonly mType: 'JoinAccept';
  readonly mhdr: Mhdr;
  readonly cfList: Buffer | undefined;
  readonly mic: Buffer;
  readonly micInput: Buffer;
}

function checkJoinAcceptShape(buf: Buffer): void {
  const length = buf.length;
  if (length === JOIN_ACCEPT_BYTES || length === JOIN_ACCEPT_CFLIST_BYTES) {
    const mhdr = decodeMhdr(buf[0]!);
    if (mhdr.mType === 'JoinAccept') return;
    throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'not a join-accept', {
      field: 'mType',
      mType: mhdr.mType,
    });
  }
  if (length < JOIN_ACCEPT_BYTES) {
    throw new LorawanDecodeError('LORAWAN_TOO_SHORT', 'join-accept too short', { length });
  }
  if (length > JOIN_ACCEPT_CFLIST_BYTES) {
    throw new LorawanDecodeError('LORAWAN_TOO_LONG', 'join-accept too long', { length });
  }
  throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'join-accept must be 17 or 33 bytes', {
    field: 'length',
    length,
  });
}

/** Decodes an encrypted join-accept PHYPayload (17 or 33 bytes) without decrypting it. */
export function decodeJoinAccept(bytes: Uint8Array): JoinAcceptFrame {
  const buf = asBuffer(bytes);
  checkJoinAcceptShape(buf);
  return { mType: 'JoinAccept', mhdr: decodeMhdr(buf[0]!), encrypted: buf.subarray(1) };
}

/** Encodes an encrypted join-accept PHYPayload from its encrypted part. */
export function encodeJoinAccept(frame: { readonly encrypted: Uint8Array }): Buffer {
  const length = frame.encrypted.length;
  if (length !== JOIN_ACCEPT_BYTES - 1 && length !== JOIN_ACCEPT_CFLIST_BYTES - 1) {
    throw new LorawanEncodeError('encrypted join-accept must be 16 or 32 bytes', { length });
  }
  const out = Buffer.alloc(length + 1);
  out[0] = encodeMhdr('JoinAccept');
  out.set(frame.encrypted, 1);
  return out;
}

/** Decrypts a join-accept PHYPayload (what a device does: AES encrypt) to its plaintext. */
export function decryptJoinAccept(phyPayload: Uint8Array, appKey: Uint8Array): Buffer {
  const buf = asBuffer(phyPayload);
  checkJoinAcceptShape(buf);
  const out = Buffer.alloc(buf.length);
  out[0] = buf[0]!;
  out.set(aesEcbEncrypt(appKey, buf.subarray(1)), 1);
  return out;
}

/** Encrypts a plaintext join-accept PHYPayload (MIC included) for the air [L2 1.0.4 §6.2.6]. */
export function encryptJoinAccept(plainPhyPayload: Uint8Array, appKey: Uint8Array): Buffer {
  const buf = asBuffer(plainPhyPayload);
  checkJoinAcceptShape(buf);
  const out = Buffer.alloc(buf.length);
  out[0] = buf[0]!;
  out.set(aesEcbDecrypt(appKey, buf.subarray(1)), 1);
  return out;
}

/** Decodes a plaintext (decrypted) join-accept PHYPayload. */
export function decodeJoinAcceptPlain(plainPhyPayload: Uint8Array): JoinAcceptPlain {
  const buf = asBuffer(plainPhyPayload);
  checkJoinAcceptShape(buf);
  const micStart = buf.length - MIC_BYTES;
  const dl = buf[11]!;
  return {
    mType: 'JoinAccept',
    mhdr: decodeMhdr(buf[0]!),
    joinNonce: buf.readUIntLE(1, 3),
    netId: readNetId(buf, 4),
    devAddr: readDevAddr(buf, 7),
    dlSettings: { rx1DrOffset: (dl >>> 4) & 0x07, rx2Dr: dl & 0x0f },
    rxDelay: buf[12]! & 0x0f,
    cfList:
      buf.length === JOIN_ACCEPT_CFLIST_BYTES ? buf.subarray(13, 13 + CFLIST_BYTES) : undefined,
    mic: buf.subarray(micStart),
    micInput: buf.subarray(0, micStart),
  };
}

/** Encodes a plaintext join-accept PHYPayload with the MIC given. */
export function encodeJoinAcceptPlain(
  fields: JoinAcceptFields & { readonly mic: Uint8Array },
): Buffer {
  checkUint('joinNonce', fields.joinNonce, 0xffffff);
  checkUint('rx1DrOffset', fields.dlSettings.rx1DrOffset, 0x07);
  checkUint('rx2Dr', fields.dlSettings.rx2Dr, 0x0f);
  checkUint('rxDelay', fields.rxDelay, 0x0f);
  const cfList = fields.cfList;
  if (cfList !== undefined && cfList.length !== CFLIST_BYTES) {
    throw new LorawanEncodeError('cfList must be 16 bytes', { length: cfList.length });
  }
  if (fields.mic.length !== MIC_BYTES) {
    throw new LorawanEncodeError('mic must be 4 bytes', { length: fields.mic.length });
  }
  const out = Buffer.alloc(cfList === undefined ? JOIN_ACCEPT_BYTES : JOIN_ACCEPT_CFLIST_BYTES);
  out[0] = encodeMhdr('JoinAccept');
  out.writeUIntLE(fields.joinNonce, 1, 3);
  writeNetId(out, 4, fields.netId);
  writeDevAddr(out, 7, fields.devAddr);
  out[11] = (fields.dlSettings.rx1DrOffset << 4) | fields.dlSettings.rx2Dr;
  out[12] = fields.rxDelay;
  if (cfList !== undefined) out.set(cfList, 13);
  out.set(fields.mic, out.length - MIC_BYTES);
  return out;
}

/** True when a plaintext join-accept's MIC matches `appKey` [L2 1.0.4 §6.2.6]. */
export function verifyJoinAcceptMic(
  plain: Pick<JoinAcceptPlain, 'mic' | 'micInput'>,
  appKey: Uint8Array | AesCmac,
): boolean {
  return micMatches(computeJoinAcceptMic(appKey, plain.micInput), plain.mic);
}

/** Encodes, signs and encrypts a join-accept: the PHYPayload the network server sends. */
export function buildJoinAccept(fields: JoinAcceptFields, appKey: Uint8Array): Buffer {
  const plain = encodeJoinAcceptPlain({ ...fields, mic: Buffer.alloc(MIC_BYTES) });
  const micStart = plain.length - MIC_BYTES;
  plain.set(computeJoinAcceptMic(appKey, plain.subarray(0, micStart)), micStart);
  return encryptJoinAccept(plain, appKey);
}
