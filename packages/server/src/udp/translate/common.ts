/** What the uplink, stat and downlink translations share: units, data rates, checks. */
import type { DataRate } from '../../shared/radio.js';
import { UdpDecodeError, UdpEncodeError } from '../errors.js';
import { parseLoraDatr, parseLrFhssDatr } from '../json.js';
import type { Rxpk } from '../json.js';

export const U32 = 0xffffffff;
export const MAX_PHY_SIZE = 255;

// ---------------------------------------------------------------------------------------------
// Units

/** MHz float as sent by gateways (`%.6f`) -> integer Hz; rounds so 868.1 gives 868100000. */
export function mhzToHz(mhz: number): number {
  return Math.round(mhz * 1e6);
}

/**
 * Integer Hz -> MHz for a txpk. The quotient prints as the exact decimal (868.1). The
 * reference forwarder truncates `freq * 1e6` to an integer, so when that product falls a
 * hair below the Hz value, the next double up is sent instead [GWMP §4]; see QUIRKS.md.
 */
export function hzToMhz(hz: number): number {
  const mhz = hz / 1e6;
  if (Math.trunc(mhz * 1e6) >= hz) return mhz;
  const f = new Float64Array([mhz]);
  const bits = new BigUint64Array(f.buffer);
  bits[0] = bits[0]! + 1n;
  return f[0]!;
}

export function decodeError(field: string, expected: string): UdpDecodeError {
  return new UdpDecodeError('UDP_INVALID_FIELD', 'invalid field', { field, expected });
}

/** The data rate an rxpk/txpk names by `modu` + `datr` (+ `codr` for LR-FHSS). */
export function gwmpDataRate(
  modu: Rxpk['modu'],
  datr: string | number,
  codr: string | undefined,
): DataRate {
  if (modu === 'FSK') {
    if (typeof datr !== 'number') throw decodeError('datr', 'fsk bit rate integer');
    return { modulation: 'FSK', bitrateBps: datr };
  }
  if (typeof datr === 'string') {
    if (modu === 'LORA') {
      const lora = parseLoraDatr(datr);
      if (lora !== undefined) return { modulation: 'LORA', ...lora };
    } else {
      const width = parseLrFhssDatr(datr);
      if (width !== undefined && codr !== undefined) {
        return { modulation: 'LR-FHSS', codingRate: codr, occupiedChannelWidthHz: width };
      }
    }
  }
  throw decodeError('datr', `${modu} data rate`);
}

export function encodeError(message: string, field: string, value: unknown): UdpEncodeError {
  return new UdpEncodeError(message, {
    field,
    value: typeof value === 'number' || typeof value === 'string' ? value : String(value),
  });
}

export function checkFrequencyHz(hz: number): void {
  if (!Number.isSafeInteger(hz) || hz <= 0) {
    throw encodeError('invalid frequency', 'frequencyHz', hz);
  }
}

export function checkPhyPayload(payload: Buffer): void {
  if (payload.length > MAX_PHY_SIZE) {
    throw encodeError('phy payload too long', 'phyPayload', payload.length);
  }
}

export function datrOf(dataRate: DataRate): string | number {
  switch (dataRate.modulation) {
    case 'LORA': {
      const { spreadingFactor: sf, bandwidthHz: bw } = dataRate;
      const datr = `SF${sf}BW${bw / 1000}`;
      if (parseLoraDatr(datr) === undefined) {
        throw encodeError('invalid data rate', 'dataRate', datr);
      }
      return datr;
    }
    case 'FSK':
      if (!Number.isInteger(dataRate.bitrateBps) || dataRate.bitrateBps < 1) {
        throw encodeError('invalid data rate', 'dataRate', dataRate.bitrateBps);
      }
      return dataRate.bitrateBps;
    case 'LR-FHSS': {
      const khz = dataRate.occupiedChannelWidthHz / 1000;
      if (!Number.isInteger(khz) || khz < 1) {
        throw encodeError('invalid data rate', 'dataRate', dataRate.occupiedChannelWidthHz);
      }
      return `M0CW${khz}`;
    }
  }
}
