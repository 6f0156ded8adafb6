/**
 * PHYPayload codec [L2 1.0.4 §4.1]: MHDR | MACPayload | MIC, dispatched on MType. Decoding
 * never copies: every Buffer in a decoded frame is a view into the input.
 */
import type { DevAddr } from '../../shared/ids.js';
import { MIC_BYTES } from '../crypto/index.js';
import type { SessionCrypto } from '../crypto/index.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import {
  decodeDownlinkFCtrl,
  decodeUplinkFCtrl,
  encodeDownlinkFCtrl,
  encodeUplinkFCtrl,
  FHDR_MIN_BYTES,
  MAX_FOPTS_BYTES,
} from './fhdr.js';
import type { DownlinkFCtrl, DownlinkFCtrlInput, UplinkFCtrl, UplinkFCtrlInput } from './fhdr.js';
import { decodeJoinAccept, encodeJoinAccept } from './join-accept.js';
import type { JoinAcceptFrame } from './join-accept.js';
import { decodeJoinRequest, encodeJoinRequest } from './join-request.js';
import type { JoinRequestFields, JoinRequestFrame } from './join-request.js';
import { decodeMhdr, encodeMhdr, isDataUpMType } from './mhdr.js';
import type { DataDownMType, DataMType, DataUpMType, Mhdr } from './mhdr.js';
import { asBuffer, checkUint, readDevAddr, writeDevAddr } from './wire-ids.js';

/** The LoRa PHY header's length field is one octet, so no PHYPayload is longer. */
export const MAX_PHY_PAYLOAD_BYTES = 255;
/** MHDR | FHDR without FOpts | MIC: the smallest data frame [L2 1.0.4 §4.3]. */
export const DATA_FRAME_MIN_BYTES = 1 + FHDR_MIN_BYTES + MIC_BYTES;
const FOPTS_OFFSET = 1 + FHDR_MIN_BYTES;
const EMPTY = Buffer.alloc(0);

interface DataFrameCommon {
  readonly mhdr: Mhdr;
  readonly devAddr: DevAddr;
  /** The 16-bit FCnt on air; the 32-bit counter is the network server's to track. */
  readonly fCnt: number;
  /** Raw MAC commands (clear text in 1.0.x); decode with lorawan/mac. */
  readonly fOpts: Buffer;
  /** Absent when the frame has no FPort (and thus no FRMPayload) [L2 1.0.4 §4.3.2]. */
  readonly fPort: number | undefined;
  /** Still encrypted; see SessionCrypto.decryptFrmPayload. */
  readonly frmPayload: Buffer;
  readonly mic: Buffer;
  /** MHDR..FRMPayload as received: the exact MIC input, so MIC checks re-encode nothing. */
  readonly micInput: Buffer;
}

/** A decoded uplink data frame. */
export interface DataUpFrame extends DataFrameCommon {
  readonly mType: DataUpMType;
  readonly fCtrl: UplinkFCtrl;
}

/** A decoded downlink data frame. */
export interface DataDownFrame extends DataFrameCommon {
  readonly mType: DataDownMType;
  readonly fCtrl: DownlinkFCtrl;
}

/** A decoded data frame of either direction; narrow on `mType`. */
export type DataFrame = DataUpFrame | DataDownFrame;

/** A proprietary frame: LoRaWAN defines only its MHDR, `payload` is everything after it. */
export interface ProprietaryFrame {
  readonly mType: 'Proprietary';
  readonly mhdr: Mhdr;
  readonly payload: Buffer;
}

/** Any decoded 1.0.x PHYPayload, discriminated by `mType` (equal to `mhdr.mType`). */
export type PhyPayload = JoinRequestFrame | JoinAcceptFrame | DataFrame | ProprietaryFrame;

interface DataFrameInputCommon {
  readonly devAddr: DevAddr;
  /** The 16-bit FCnt written on air (0..65535). */
  readonly fCnt: number;
  readonly fOpts?: Uint8Array | undefined;
  readonly fPort?: number | undefined;
  /** Already encrypted. */
  readonly frmPayload?: Uint8Array | undefined;
  readonly mic: Uint8Array;
}

/** A data frame to encode as it is: nothing is encrypted or computed. */
export type DataFrameInput =
  | (DataFrameInputCommon & { readonly mType: DataUpMType; readonly fCtrl: UplinkFCtrlInput })
  | (DataFrameInputCommon & { readonly mType: DataDownMType; readonly fCtrl: DownlinkFCtrlInput });

/** Anything encodePhyPayload takes; decoded frames qualify as they are. */
export type PhyPayloadInput =
  | (JoinRequestFields & { readonly mType: 'JoinRequest'; readonly mic: Uint8Array })
  | { readonly mType: 'JoinAccept'; readonly encrypted: Uint8Array }
  | DataFrameInput
  | { readonly mType: 'Proprietary'; readonly payload: Uint8Array };

interface BuildDataFrameCommon {
  readonly devAddr: DevAddr;
  /** The full 32-bit counter: its low 16 bits go on air, all 32 into B0 and Ai. */
  readonly fCnt32: number;
  readonly fOpts?: Uint8Array | undefined;
  readonly fPort?: number | undefined;
  /** Plaintext; encrypted with NwkSKey for FPort 0, AppSKey otherwise. */
  readonly payload?: Uint8Array | undefined;
}

/** A data frame to encrypt, encode and sign with buildDataFrame. */
export type BuildDataFrameInput =
  | (BuildDataFrameCommon & { readonly mType: DataUpMType; readonly fCtrl: UplinkFCtrlInput })
  | (BuildDataFrameCommon & { readonly mType: DataDownMType; readonly fCtrl: DownlinkFCtrlInput });

/** True for the four data-frame types. */
export function isDataFrame(frame: PhyPayload): frame is DataFrame {
  return (
    frame.mType !== 'JoinRequest' && frame.mType !== 'JoinAccept' && frame.mType !== 'Proprietary'
  );
}

/** Direction of a data MType: 'up' for *DataUp, 'down' for *DataDown. */
export function dataFrameDirection(mType: DataMType): 'up' | 'down' {
  return isDataUpMType(mType) ? 'up' : 'down';
}

/**
 * Decodes any 1.0.x PHYPayload. Throws LorawanDecodeError on short, long or malformed
 * input; MIC and encryption are not checked here (see SessionCrypto).
 */
export function decodePhyPayload(bytes: Uint8Array): PhyPayload {
  const buf = asBuffer(bytes);
  checkPhyLength(buf);
  const mhdr = decodeMhdr(buf[0]!);
  switch (mhdr.mType) {
    case 'JoinRequest':
      return decodeJoinRequest(buf);
    case 'JoinAccept':
      return decodeJoinAccept(buf);
    case 'Proprietary':
      return { mType: 'Proprietary', mhdr, payload: buf.subarray(1) };
    default:
      return decodeDataFrameBody(buf, mhdr, mhdr.mType);
  }
}

/** Decodes a data-frame PHYPayload; any other MType throws LorawanDecodeError. */
export function decodeDataFrame(bytes: Uint8Array): DataFrame {
  const buf = asBuffer(bytes);
  checkPhyLength(buf);
  const mhdr = decodeMhdr(buf[0]!);
  const mType = mhdr.mType;
  if (mType === 'JoinRequest' || mType === 'JoinAccept' || mType === 'Proprietary') {
    throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'not a data frame', {
      field: 'mType',
      mType,
    });
  }
  return decodeDataFrameBody(buf, mhdr, mType);
}

function checkPhyLength(buf: Buffer): void {
  if (buf.length === 0) {
    throw new LorawanDecodeError('LORAWAN_TOO_SHORT', 'empty phyPayload', { length: 0 });
  }
  if (buf.length > MAX_PHY_PAYLOAD_BYTES) {
    throw new LorawanDecodeError('LORAWAN_TOO_LONG', 'phyPayload longer than 255 bytes', {
      length: buf.length,
    });
  }
}

function decodeDataFrameBody(buf: Buffer, mhdr: Mhdr, mType: DataMType): DataFrame {
  const length = buf.length;
  if (length < DATA_FRAME_MIN_BYTES) {
    throw new LorawanDecodeError('LORAWAN_TOO_SHORT', 'data frame too short', { length });
  }
  const fCtrlByte = buf[5]!;
  const fOptsLen = fCtrlByte & 0x0f;
  const fOptsEnd = FOPTS_OFFSET + fOptsLen;
  const micStart = length - MIC_BYTES;
  if (fOptsEnd > micStart) {
    throw new LorawanDecodeError('LORAWAN_INVALID_FOPTS', 'fOptsLen exceeds the frame', {
      fOptsLen,
      length,
    });
  }
  let fPort: number | undefined;
  let payloadStart = fOptsEnd;
  if (micStart > fOptsEnd) {
    fPort = buf[fOptsEnd]!;
    payloadStart = fOptsEnd + 1;
    // [L2 1.0.4 §4.3.1.6] MAC commands may not be in FOpts and FRMPayload at once
    if (fPort === 0 && fOptsLen > 0) {
      throw new LorawanDecodeError('LORAWAN_INVALID_FOPTS', 'fOpts not allowed with fPort 0', {
        fOptsLen,
      });
    }
  }
  // Two literals with one property order keep decoded frames on a single hidden class.
  const devAddr = readDevAddr(buf, 1);
  const fCnt = buf.readUInt16LE(6);
  const fOpts = buf.subarray(FOPTS_OFFSET, fOptsEnd);
  const frmPayload = buf.subarray(payloadStart, micStart);
  const mic = buf.subarray(micStart);
  const micInput = buf.subarray(0, micStart);
  if (isDataUpMType(mType)) {
    const fCtrl = decodeUplinkFCtrl(fCtrlByte);
    return { mType, mhdr, devAddr, fCtrl, fCnt, fOpts, fPort, frmPayload, mic, micInput };
  }
  const fCtrl = decodeDownlinkFCtrl(fCtrlByte);
  return { mType, mhdr, devAddr, fCtrl, fCnt, fOpts, fPort, frmPayload, mic, micInput };
}

/**
 * Encodes a data frame exactly as given (FRMPayload already encrypted, MIC given);
 * throws LorawanEncodeError on out-of-range fields.
 */
export function encodeDataFrame(frame: DataFrameInput): Buffer {
  const fOpts = frame.fOpts ?? EMPTY;
  const frmPayload = frame.frmPayload ?? EMPTY;
  const fPort = frame.fPort;
  checkUint('fCnt', frame.fCnt, 0xffff);
  if (fOpts.length > MAX_FOPTS_BYTES) {
    throw new LorawanEncodeError('fOpts longer than 15 bytes', { length: fOpts.length });
  }
  if (fPort === undefined) {
    if (frmPayload.length > 0) {
      throw new LorawanEncodeError('frmPayload needs an fPort', { length: frmPayload.length });
    }
  } else {
    checkUint('fPort', fPort, 0xff);
    if (fPort === 0 && fOpts.length > 0) {
      // [L2 1.0.4 §4.3.1.6]
      throw new LorawanEncodeError('fOpts not allowed with fPort 0', { length: fOpts.length });
    }
  }
  if (frame.mic.length !== MIC_BYTES) {
    throw new LorawanEncodeError('mic must be 4 bytes', { length: frame.mic.length });
  }
  const portBytes = fPort === undefined ? 0 : 1;
  const length = FOPTS_OFFSET + fOpts.length + portBytes + frmPayload.length + MIC_BYTES;
  if (length > MAX_PHY_PAYLOAD_BYTES) {
    throw new LorawanEncodeError('phyPayload longer than 255 bytes', { length });
  }
  const out = Buffer.alloc(length);
  out[0] = encodeMhdr(frame.mType);
  writeDevAddr(out, 1, frame.devAddr);
  out[5] = isUplinkInput(frame)
    ? encodeUplinkFCtrl(frame.fCtrl, fOpts.length)
    : encodeDownlinkFCtrl(frame.fCtrl, fOpts.length);
  out.writeUInt16LE(frame.fCnt, 6);
  out.set(fOpts, FOPTS_OFFSET);
  let offset = FOPTS_OFFSET + fOpts.length;
  if (fPort !== undefined) out[offset++] = fPort;
  out.set(frmPayload, offset);
  out.set(frame.mic, length - MIC_BYTES);
  return out;
}

function isUplinkInput(
  frame: DataFrameInput,
): frame is Extract<DataFrameInput, { mType: DataUpMType }> {
  return isDataUpMType(frame.mType);
}

/** Encodes a proprietary frame: MHDR | payload. */
export function encodeProprietary(frame: { readonly payload: Uint8Array }): Buffer {
  const length = 1 + frame.payload.length;
  if (length > MAX_PHY_PAYLOAD_BYTES) {
    throw new LorawanEncodeError('phyPayload longer than 255 bytes', { length });
  }
  const out = Buffer.alloc(length);
  out[0] = encodeMhdr('Proprietary');
  out.set(frame.payload, 1);
  return out;
}

/** Encodes any PHYPayload as given (no crypto): decodePhyPayload's inverse. */
export function encodePhyPayload(frame: PhyPayloadInput): Buffer {
  switch (frame.mType) {
    case 'JoinRequest':
      return encodeJoinRequest(frame);
    case 'JoinAccept':
      return encodeJoinAccept(frame);
    case 'Proprietary':
      return encodeProprietary(frame);
    default:
      return encodeDataFrame(frame);
  }
}

/**
 * Encrypts the payload, encodes and signs a data frame with a session's keys [L2 1.0.4
 * §4.3.3, §4.4]: what a device (uplink) or the network server (downlink) sends.
 */
export function buildDataFrame(frame: BuildDataFrameInput, session: SessionCrypto): Buffer {
  const payload = frame.payload ?? EMPTY;
  const fPort = frame.fPort;
  if (fPort === undefined && payload.length > 0) {
    throw new LorawanEncodeError('payload needs an fPort', { length: payload.length });
  }
  checkUint('fCnt32', frame.fCnt32, 0xffffffff);
  const frmPayload =
    fPort === undefined || payload.length === 0
      ? EMPTY
      : session.encryptFrmPayload(
          dataFrameDirection(frame.mType),
          frame.devAddr,
          frame.fCnt32,
          fPort,
          payload,
        );
  const out = encodeDataFrame({
    ...frame,
    fCnt: frame.fCnt32 % 0x10000,
    frmPayload,
    mic: Buffer.alloc(MIC_BYTES),
  });
  const micStart = out.length - MIC_BYTES;
  out.set(session.computeFrameMic(out.subarray(0, micStart), frame.fCnt32), micStart);
  return out;
}
