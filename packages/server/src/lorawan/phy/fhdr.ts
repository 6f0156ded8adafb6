/**
 * Frame header [L2 1.0.4 §4.3.1]: DevAddr(4, LE) | FCtrl(1) | FCnt(2, LE) | FOpts(0..15).
 * FOpts stay raw bytes here: the MAC-command codec (lorawan/mac) reads them.
 */
import type { DevAddr } from '../../shared/ids.js';
import type { FrameDirection } from '../crypto/index.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { asBuffer, readDevAddr } from './wire-ids.js';

/** FOptsLen is a 4-bit field [L2 1.0.4 §4.3.1]. */
export const MAX_FOPTS_BYTES = 15;
/** DevAddr | FCtrl | FCnt without FOpts. */
export const FHDR_MIN_BYTES = 7;

/** Uplink FCtrl [L2 1.0.4 §4.3.1]; ClassB (bit 4) was RFU before 1.0.2. */
export interface UplinkFCtrl {
  readonly adr: boolean;
  readonly adrAckReq: boolean;
  readonly ack: boolean;
  readonly classB: boolean;
  readonly fOptsLen: number;
}

/** Downlink FCtrl [L2 1.0.4 §4.3.1]; bit 6 is RFU and ignored. */
export interface DownlinkFCtrl {
  readonly adr: boolean;
  readonly ack: boolean;
  readonly fPending: boolean;
  readonly fOptsLen: number;
}

/** Uplink FCtrl flags to encode; FOptsLen comes from the FOpts given. Absent = false. */
export interface UplinkFCtrlInput {
  readonly adr?: boolean | undefined;
  readonly adrAckReq?: boolean | undefined;
  readonly ack?: boolean | undefined;
  readonly classB?: boolean | undefined;
}

/** Downlink FCtrl flags to encode; FOptsLen comes from the FOpts given. Absent = false. */
export interface DownlinkFCtrlInput {
  readonly adr?: boolean | undefined;
  readonly ack?: boolean | undefined;
  readonly fPending?: boolean | undefined;
}

/** A decoded FHDR; `fOpts` is a view into the frame (raw MAC commands, not decoded). */
export interface Fhdr<F extends UplinkFCtrl | DownlinkFCtrl = UplinkFCtrl | DownlinkFCtrl> {
  readonly devAddr: DevAddr;
  readonly fCtrl: F;
  readonly fCnt: number;
  readonly fOpts: Buffer;
}

// Every FCtrl octet decodes to one of 256 frozen objects per direction: no per-frame object.
const UPLINK_FCTRL: readonly UplinkFCtrl[] = Array.from({ length: 256 }, (_, b) =>
  Object.freeze({
    adr: (b & 0x80) !== 0,
    adrAckReq: (b & 0x40) !== 0,
    ack: (b & 0x20) !== 0,
    classB: (b & 0x10) !== 0,
    fOptsLen: b & 0x0f,
  }),
);
const DOWNLINK_FCTRL: readonly DownlinkFCtrl[] = Array.from({ length: 256 }, (_, b) =>
  Object.freeze({
    adr: (b & 0x80) !== 0,
    ack: (b & 0x20) !== 0,
    fPending: (b & 0x10) !== 0,
    fOptsLen: b & 0x0f,
  }),
);

/** Decodes an uplink FCtrl octet. */
export function decodeUplinkFCtrl(byte: number): UplinkFCtrl {
  return UPLINK_FCTRL[byte & 0xff]!;
}

/** Decodes a downlink FCtrl octet. */
export function decodeDownlinkFCtrl(byte: number): DownlinkFCtrl {
  return DOWNLINK_FCTRL[byte & 0xff]!;
}

function checkFOptsLen(fOptsLen: number): void {
  if (!Number.isInteger(fOptsLen) || fOptsLen < 0 || fOptsLen > MAX_FOPTS_BYTES) {
    throw new LorawanEncodeError('fOpts longer than 15 bytes', { fOptsLen });
  }
}

/** Encodes an uplink FCtrl octet. */
export function encodeUplinkFCtrl(fCtrl: UplinkFCtrlInput, fOptsLen: number): number {
  checkFOptsLen(fOptsLen);
  return (
    (fCtrl.adr === true ? 0x80 : 0) |
    (fCtrl.adrAckReq === true ? 0x40 : 0) |
    (fCtrl.ack === true ? 0x20 : 0) |
    (fCtrl.classB === true ? 0x10 : 0) |
    fOptsLen
  );
}

/** Encodes a downlink FCtrl octet (RFU bit 6 zero). */
export function encodeDownlinkFCtrl(fCtrl: DownlinkFCtrlInput, fOptsLen: number): number {
  checkFOptsLen(fOptsLen);
  return (
    (fCtrl.adr === true ? 0x80 : 0) |
    (fCtrl.ack === true ? 0x20 : 0) |
    (fCtrl.fPending === true ? 0x10 : 0) |
    fOptsLen
  );
}

/**
 * Decodes the FHDR at the start of `bytes` (a MACPayload, or any buffer holding one from
 * offset 0). Returned buffers are views, not copies.
 */
export function decodeFhdr(bytes: Uint8Array, dir: 'up'): Fhdr<UplinkFCtrl>;
export function decodeFhdr(bytes: Uint8Array, dir: 'down'): Fhdr<DownlinkFCtrl>;
export function decodeFhdr(bytes: Uint8Array, dir: FrameDirection): Fhdr;
export function decodeFhdr(bytes: Uint8Array, dir: FrameDirection): Fhdr {
  const buf = asBuffer(bytes);
  if (buf.length < FHDR_MIN_BYTES) {
    throw new LorawanDecodeError('LORAWAN_TOO_SHORT', 'fhdr too short', { length: buf.length });
  }
  const fCtrlByte = buf[4]!;
  const fOptsEnd = FHDR_MIN_BYTES + (fCtrlByte & 0x0f);
  if (fOptsEnd > buf.length) {
    throw new LorawanDecodeError('LORAWAN_INVALID_FOPTS', 'fOptsLen exceeds the frame', {
      fOptsLen: fCtrlByte & 0x0f,
      length: buf.length,
    });
  }
  return {
    devAddr: readDevAddr(buf, 0),
    fCtrl: dir === 'up' ? decodeUplinkFCtrl(fCtrlByte) : decodeDownlinkFCtrl(fCtrlByte),
    fCnt: buf.readUInt16LE(5),
    fOpts: buf.subarray(FHDR_MIN_BYTES, fOptsEnd),
  };
}
