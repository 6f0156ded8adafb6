import { describe, expect, it } from 'vitest';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import type { MType } from './mhdr.js';
import { decodeMhdr, encodeMhdr, isDataDownMType, isDataUpMType } from './mhdr.js';

// [L2 1.0.4 §4.2.1] MType codes
const CODES: [MType, number][] = [
  ['JoinRequest', 0x00],
  ['JoinAccept', 0x20],
  ['UnconfirmedDataUp', 0x40],
  ['UnconfirmedDataDown', 0x60],
  ['ConfirmedDataUp', 0x80],
  ['ConfirmedDataDown', 0xa0],
  ['Proprietary', 0xe0],
];

function decodeErrorCode(byte: number): string | undefined {
  try {
    decodeMhdr(byte);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(LorawanDecodeError);
    return (err as LorawanDecodeError).code;
  }
}

describe('mhdr', () => {
  it.each(CODES)('%s <-> MHDR %d ([L2 1.0.4 §4.2.1] table)', (mType, byte) => {
    expect(encodeMhdr(mType)).toBe(byte);
    expect(decodeMhdr(byte)).toEqual({ mType, major: 0 });
  });

  it('ignores the RFU bits', () => {
    expect(decodeMhdr(0x40 | 0x1c).mType).toBe('UnconfirmedDataUp');
  });

  it('treats MType 110 (1.1 rejoin-request, RFU in 1.0.x) as unknown', () => {
    expect(decodeErrorCode(0xc0)).toBe('LORAWAN_UNKNOWN_MTYPE');
  });

  it('refuses Major versions other than LoRaWAN R1', () => {
    for (const major of [1, 2, 3])
      expect(decodeErrorCode(0x40 | major)).toBe('LORAWAN_UNSUPPORTED_MAJOR');
  });

  it('refuses to encode an unknown mType', () => {
    expect(() => encodeMhdr('RejoinRequest' as MType)).toThrow(LorawanEncodeError);
  });

  it('tells data directions apart', () => {
    expect(isDataUpMType('ConfirmedDataUp')).toBe(true);
    expect(isDataUpMType('UnconfirmedDataDown')).toBe(false);
    expect(isDataDownMType('ConfirmedDataDown')).toBe(true);
    expect(isDataDownMType('JoinRequest')).toBe(false);
  });
});
