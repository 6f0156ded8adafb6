/**
 * Building blocks the region files share, so that each region file is only its own table
 * [RP002-1.0.4 §2]. Everything here returns plain frozen data.
 */
import type { Channel, ChMaskCntlRule, RegionDataRate } from './region.js';
import type { DrTable } from './region-data.js';

/** Receive and join-accept delays, identical in every region [RP002-1.0.4 §2.x Default Settings]. */
export const defaultDelays = {
  receiveDelay1S: 1,
  receiveDelay2S: 2,
  joinAcceptDelay1S: 5,
  joinAcceptDelay2S: 6,
} as const;

/** A LoRa data rate; LoRaWAN always uses coding rate 4/5 on LoRa, so it is not stored. */
export function lora(
  spreadingFactor: number,
  bandwidthHz: number,
  use: 'both' | 'uplink' | 'downlink' = 'both',
): RegionDataRate {
  return {
    dataRate: { modulation: 'LORA', spreadingFactor, bandwidthHz },
    uplink: use !== 'downlink',
    downlink: use !== 'uplink',
  };
}

/** The GFSK data rate (50 kbps wherever defined). */
export function fsk(bitrateBps: number): RegionDataRate {
  return { dataRate: { modulation: 'FSK', bitrateBps }, uplink: true, downlink: true };
}

/** An LR-FHSS data rate; uplink only in every region [RP002-1.0.4 §2.4.3, §2.5.3]. */
export function lrFhss(codingRate: '1/3' | '2/3', occupiedChannelWidthHz: number): RegionDataRate {
  return {
    dataRate: { modulation: 'LR-FHSS', codingRate, occupiedChannelWidthHz },
    uplink: true,
    downlink: false,
  };
}

/** DR0-DR7 of the EU868-like regions: SF12..SF7/125 kHz, SF7/250 kHz, FSK 50 kbps. */
export const euLikeDataRates: DrTable<RegionDataRate> = {
  0: lora(12, 125_000),
  1: lora(11, 125_000),
  2: lora(10, 125_000),
  3: lora(9, 125_000),
  4: lora(8, 125_000),
  5: lora(7, 125_000),
  6: lora(7, 250_000),
  7: fsk(50_000),
};

/** M for DR0-DR7 in the EU868-like regions (not repeater-compatible). */
export const euLikeMaxMacPayload: DrTable<number> = {
  0: 59,
  1: 59,
  2: 59,
  3: 123,
  4: 250,
  5: 250,
  6: 250,
  7: 250,
};

/** Keeps only the listed DRs of a table. */
export function pickDrs<T>(table: DrTable<T>, drs: readonly number[]): DrTable<T> {
  const out: Record<number, T> = {};
  for (const dr of drs) {
    const value = table[dr];
    if (value !== undefined) out[dr] = value;
  }
  return out;
}

/** The usual RX1 table: RX1 DR = max(minDr, uplink DR - offset), for offsets 0..maxOffset. */
export function subtractiveRx1Table(
  uplinkDrs: readonly number[],
  maxOffset: number,
  minDr = 0,
): DrTable<readonly number[]> {
  const out: Record<number, readonly number[]> = {};
  for (const dr of uplinkDrs) {
    out[dr] = Array.from({ length: maxOffset + 1 }, (_, offset) => Math.max(minDr, dr - offset));
  }
  return out;
}

/** TX power offsets 0, -2, ... for TXPower 0..maxIndex [RP002-1.0.4 §2.x.3]. */
export function txPowerSteps(maxIndex: number): readonly number[] {
  return Array.from({ length: maxIndex + 1 }, (_, i) => (i === 0 ? 0 : -2 * i));
}

/** `count` channels spaced `stepHz` apart from `firstHz`, all with the same DR range. */
export function channelGrid(
  firstHz: number,
  stepHz: number,
  count: number,
  minDr: number,
  maxDr: number,
): Channel[] {
  return Array.from({ length: count }, (_, i) => ({
    frequencyHz: firstHz + i * stepHz,
    minDr,
    maxDr,
  }));
}

/** ChMaskCntl of the dynamic-plan regions: 0 = channels 0..15, 6 = all defined on, rest RFU. */
export const dynamicPlanChMaskCntl: Readonly<Record<number, ChMaskCntlRule>> = {
  0: { kind: 'block', firstChannel: 0 },
  6: { kind: 'all-on' },
};

/** ChMaskCntl of US915 and AU915 (64 narrow + 8 wide channels) [RP002-1.0.4 §2.5.5, §2.8.5]. */
export const usLikeChMaskCntl: Readonly<Record<number, ChMaskCntlRule>> = {
  0: { kind: 'block', firstChannel: 0 },
  1: { kind: 'block', firstChannel: 16 },
  2: { kind: 'block', firstChannel: 32 },
  3: { kind: 'block', firstChannel: 48 },
  4: { kind: 'block', firstChannel: 64 },
  5: { kind: 'banks', bankSize: 8, narrowCount: 64, wideCount: 8 },
  6: { kind: 'all-narrow', on: true, narrowCount: 64, wideCount: 8 },
  7: { kind: 'all-narrow', on: false, narrowCount: 64, wideCount: 8 },
};
