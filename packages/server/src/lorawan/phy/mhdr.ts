/**
 * MAC header [L2 1.0.4 §4.2]: MType (bits 7..5), RFU (4..2), Major (1..0). 1.0.x leaves
 * MType 110 RFU (1.1 rejoin-request), so it decodes as unknown.
 */
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';

/** Uplink data MTypes (Dir 0). */
export type DataUpMType = 'UnconfirmedDataUp' | 'ConfirmedDataUp';
/** Downlink data MTypes (Dir 1). */
export type DataDownMType = 'UnconfirmedDataDown' | 'ConfirmedDataDown';
/** The four data-frame MTypes. */
export type DataMType = DataUpMType | DataDownMType;
/** The message types of LoRaWAN 1.0.x [L2 1.0.4 §4.2.1]. */
export type MType = 'JoinRequest' | 'JoinAccept' | DataMType | 'Proprietary';

/** Decoded MHDR; `major` is always MAJOR_LORAWAN_R1 since other values are refused. */
export interface Mhdr {
  readonly mType: MType;
  readonly major: number;
}

/** Major 00 = LoRaWAN R1, the only major version defined [L2 1.0.4 §4.2.2]. */
export const MAJOR_LORAWAN_R1 = 0;

const MTYPE_CODE: Readonly<Record<MType, number>> = {
  JoinRequest: 0b000,
  JoinAccept: 0b001,
  UnconfirmedDataUp: 0b010,
  UnconfirmedDataDown: 0b011,
  ConfirmedDataUp: 0b100,
  ConfirmedDataDown: 0b101,
  Proprietary: 0b111,
};

/** One frozen Mhdr per MType code, shared by every decoded frame (no per-frame object). */
const MHDR_BY_CODE: readonly (Mhdr | undefined)[] = (() => {
  const table: (Mhdr | undefined)[] = new Array<Mhdr | undefined>(8).fill(undefined);
  for (const [mType, code] of Object.entries(MTYPE_CODE) as [MType, number][]) {
    table[code] = Object.freeze({ mType, major: MAJOR_LORAWAN_R1 });
  }
  return table;
})();

/** Decodes the MHDR octet; RFU bits are ignored, unknown MType or Major throw. */
export function decodeMhdr(byte: number): Mhdr {
  const major = byte & 0x03;
  if (major !== MAJOR_LORAWAN_R1) {
    throw new LorawanDecodeError('LORAWAN_UNSUPPORTED_MAJOR', 'unsupported major version', {
      major,
    });
  }
  const code = byte >>> 5;
  const mhdr = MHDR_BY_CODE[code];
  if (mhdr === undefined) {
    throw new LorawanDecodeError('LORAWAN_UNKNOWN_MTYPE', 'unknown message type', {
      mType: code,
    });
  }
  return mhdr;
}

/** Encodes the MHDR octet for `mType`, Major LoRaWAN R1, RFU bits zero. */
export function encodeMhdr(mType: MType): number {
  const code = MTYPE_CODE[mType] as number | undefined;
  if (code === undefined) throw new LorawanEncodeError('unknown mType', { mType: String(mType) });
  return (code << 5) | MAJOR_LORAWAN_R1;
}

/** True for the uplink data MTypes (Dir = 0 in B0 and Ai [L2 1.0.4 §4.3.3]). */
export function isDataUpMType(mType: MType): mType is DataUpMType {
  return mType === 'UnconfirmedDataUp' || mType === 'ConfirmedDataUp';
}

/** True for the downlink data MTypes. */
export function isDataDownMType(mType: MType): mType is DataDownMType {
  return mType === 'UnconfirmedDataDown' || mType === 'ConfirmedDataDown';
}
