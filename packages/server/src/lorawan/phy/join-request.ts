/**
 * Join-request [L2 1.0.4 §6.2.5]: MHDR | JoinEUI(8, LE) | DevEUI(8, LE) | DevNonce(2, LE) |
 * MIC(4), always 23 bytes. MIC = aes128_cmac(AppKey, MHDR | JoinEUI | DevEUI | DevNonce)[0..3].
 */
import type { Eui64 } from '../../shared/ids.js';
import { computeJoinRequestMic, MIC_BYTES, micMatches } from '../crypto/index.js';
import type { AesCmac } from '../crypto/index.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { decodeMhdr, encodeMhdr } from './mhdr.js';
import type { Mhdr } from './mhdr.js';
import { asBuffer, checkUint, readEui64, writeEui64 } from './wire-ids.js';

/** A join-request PHYPayload is always 23 bytes. */
export const JOIN_REQUEST_BYTES = 23;

/** The fields of a join-request; `devNonce` is the numeric value of the 2-byte LE field. */
export interface JoinRequestFields {
  readonly joinEui: Eui64;
  readonly devEui: Eui64;
  readonly devNonce: number;
}

/** A decoded join-request; `mic` and `micInput` (MHDR..DevNonce) are views into the frame. */
export interface JoinRequestFrame extends JoinRequestFields {
  readonly mType: 'JoinRequest';
  readonly mhdr: Mhdr;
  readonly mic: Buffer;
  readonly micInput: Buffer;
}

/** Decodes a join-request PHYPayload; throws LorawanDecodeError on any other shape. */
export function decodeJoinRequest(bytes: Uint8Array): JoinRequestFrame {
  const buf = asBuffer(bytes);
  if (buf.length !== JOIN_REQUEST_BYTES) {
    throw new LorawanDecodeError(
      buf.length < JOIN_REQUEST_BYTES ? 'LORAWAN_TOO_SHORT' : 'LORAWAN_TOO_LONG',
      'join-request must be 23 bytes',
      { length: buf.length },
    );
  }
  const mhdr = decodeMhdr(buf[0]!);
  if (mhdr.mType !== 'JoinRequest') {
    throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'not a join-request', {
      field: 'mType',
      mType: mhdr.mType,
    });
  }
  const micStart = JOIN_REQUEST_BYTES - MIC_BYTES;
  return {
    mType: 'JoinRequest',
    mhdr,
    joinEui: readEui64(buf, 1),
    devEui: readEui64(buf, 9),
    devNonce: buf.readUInt16LE(17),
    mic: buf.subarray(micStart),
    micInput: buf.subarray(0, micStart),
  };
}

/** Encodes a join-request with the MIC given. */
export function encodeJoinRequest(
  fields: JoinRequestFields & { readonly mic: Uint8Array },
): Buffer {
  checkUint('devNonce', fields.devNonce, 0xffff);
  if (fields.mic.length !== MIC_BYTES) {
    throw new LorawanEncodeError('mic must be 4 bytes', { length: fields.mic.length });
  }
  const out = Buffer.alloc(JOIN_REQUEST_BYTES);
  out[0] = encodeMhdr('JoinRequest');
  writeEui64(out, 1, fields.joinEui, 'joinEui');
  writeEui64(out, 9, fields.devEui, 'devEui');
  out.writeUInt16LE(fields.devNonce, 17);
  out.set(fields.mic, JOIN_REQUEST_BYTES - MIC_BYTES);
  return out;
}

/** Encodes a join-request and signs it with `appKey` (what a device sends). */
export function buildJoinRequest(fields: JoinRequestFields, appKey: Uint8Array | AesCmac): Buffer {
  const out = encodeJoinRequest({ ...fields, mic: Buffer.alloc(MIC_BYTES) });
  const micStart = JOIN_REQUEST_BYTES - MIC_BYTES;
  out.set(computeJoinRequestMic(appKey, out.subarray(0, micStart)), micStart);
  return out;
}

/** True when the join-request's MIC matches `appKey` [L2 1.0.4 §6.2.5]. */
export function verifyJoinRequestMic(
  frame: Pick<JoinRequestFrame, 'mic' | 'micInput'>,
  appKey: Uint8Array | AesCmac,
): boolean {
  return micMatches(computeJoinRequestMic(appKey, frame.micInput), frame.mic);
}
