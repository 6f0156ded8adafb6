/**
 * Join-accept CFList codec [RP002-1.0.4 §2.4.4 (type 0), §2.5.4 (type 1)]: 16 bytes whose last
 * byte is the CFListType. Type 0 lists up to five channel frequencies (in 100 Hz units, 24-bit
 * little-endian); type 1 carries 16-bit little-endian ChMasks for the fixed channel grid.
 */
import { LorawanDecodeError, LorawanRegionError } from '../errors.js';
import type { CfList } from './region.js';

export const CF_LIST_LENGTH = 16;
/** Type-0 CFLists hold five frequencies (channels after the default ones). */
export const CF_LIST_FREQUENCY_SLOTS = 5;
const TYPE_INDEX = CF_LIST_LENGTH - 1;

/** Type 0: frequencies (0 = empty slot) checked against the band edges. */
export function encodeFrequencyCfList(
  frequenciesHz: readonly number[],
  rangeHz: { readonly minHz: number; readonly maxHz: number },
): Buffer {
  if (frequenciesHz.length > CF_LIST_FREQUENCY_SLOTS) {
    throw new LorawanRegionError('cfList holds at most 5 frequencies', {
      count: frequenciesHz.length,
    });
  }
  const out = Buffer.alloc(CF_LIST_LENGTH);
  frequenciesHz.forEach((hz, i) => {
    if (hz === 0) return;
    if (!Number.isInteger(hz) || hz % 100 !== 0 || hz < rangeHz.minHz || hz > rangeHz.maxHz) {
      throw new LorawanRegionError('cfList frequency not usable in this region', {
        frequencyHz: hz,
      });
    }
    out.writeUIntLE(hz / 100, i * 3, 3);
  });
  out[TYPE_INDEX] = 0;
  return out;
}

/** Type 1: one ChMask per 16 channels of the grid, RFU bytes zero. */
export function encodeChannelMaskCfList(
  enabledChannels: readonly number[],
  channelCount: number,
): Buffer {
  const out = Buffer.alloc(CF_LIST_LENGTH);
  for (const ch of enabledChannels) {
    if (!Number.isInteger(ch) || ch < 0 || ch >= channelCount) {
      throw new LorawanRegionError('cfList channel not in this region', { channel: ch });
    }
    const byte = Math.floor(ch / 8);
    out[byte] = (out[byte] ?? 0) | (1 << (ch % 8));
  }
  out[TYPE_INDEX] = 1;
  return out;
}

function checkLength(bytes: Uint8Array): void {
  if (bytes.length < CF_LIST_LENGTH) {
    throw new LorawanDecodeError('LORAWAN_TOO_SHORT', 'cfList shorter than 16 bytes', {
      length: bytes.length,
    });
  }
  if (bytes.length > CF_LIST_LENGTH) {
    throw new LorawanDecodeError('LORAWAN_TOO_LONG', 'cfList longer than 16 bytes', {
      length: bytes.length,
    });
  }
}

/** Parses a CFList of the type the region uses; another CFListType is an invalid field. */
export function decodeCfListBytes(
  bytes: Uint8Array,
  expectedType: 0 | 1,
  channelCount: number,
): CfList {
  checkLength(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = buf[TYPE_INDEX];
  if (type !== expectedType) {
    throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'cfList type not used in this region', {
      cfListType: type ?? null,
      expected: expectedType,
    });
  }
  if (expectedType === 0) {
    const frequenciesHz = Array.from(
      { length: CF_LIST_FREQUENCY_SLOTS },
      (_, i) => buf.readUIntLE(i * 3, 3) * 100,
    );
    return { type: 0, frequenciesHz };
  }
  // Bits past the grid (e.g. US915 channels 72..79) and the bytes after the masks are RFU.
  const enabledChannels: number[] = [];
  for (let ch = 0; ch < TYPE_INDEX * 8; ch++) {
    const set = (((buf[Math.floor(ch / 8)] ?? 0) >> (ch % 8)) & 1) === 1;
    if (!set) continue;
    if (ch >= channelCount) {
      throw new LorawanDecodeError('LORAWAN_INVALID_FIELD', 'cfList sets an RFU bit', {
        bit: ch,
      });
    }
    enabledChannels.push(ch);
  }
  return { type: 1, enabledChannels };
}
