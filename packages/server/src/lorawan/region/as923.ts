/**
 * AS923 [RP002-1.0.4 §2.10]: dynamic plan with two default channels and TxParamSetupReq
 * (400 ms dwell time). Groups AS923-2/-3/-4 are AS923-1 shifted down by a fixed offset.
 */
import { defaultDelays, dynamicPlanChMaskCntl, euLikeDataRates, txPowerSteps } from './common.js';
import { defineRegion } from './define-region.js';
import type { As923VariantName, Region } from './region.js';
import type { RegionData } from './region-data.js';

/** Frequency offset of each AS923 group from AS923-1 [RP002-1.0.4 §2.10.2]. */
export const as923GroupOffsetsHz: Readonly<Record<As923VariantName, number>> = {
  'AS923-1': 0,
  'AS923-2': -1_800_000,
  'AS923-3': -6_600_000,
  'AS923-4': -5_900_000,
};

/** AS923 data for one frequency group; AS923-1 is the region's default. */
export function as923GroupData(group: As923VariantName): RegionData {
  const offsetHz = as923GroupOffsetsHz[group];
  return {
    name: 'AS923',
    commonName: group,
    frequencyRangeHz: { minHz: 915_000_000, maxHz: 928_000_000 },
    dataRates: euLikeDataRates,
    // [RP002-1.0.4 §2.10.6] not repeater-compatible, UplinkDwellTime = 0.
    maxMacPayload: { 0: 59, 1: 59, 2: 123, 3: 123, 4: 250, 5: 250, 6: 250, 7: 250 },
    // [RP002-1.0.4 §2.10.6] UplinkDwellTime = 1: DR0-1 not allowed.
    dwellTimeMaxMacPayload: { 2: 19, 3: 61, 4: 133, 5: 250, 6: 250, 7: 250 },
    // [RP002-1.0.4 §2.10.7] RX1DROffset 0..7; offsets 6 and 7 raise the rate by 1 and 2, capped
    // at DR7; DownlinkDwellTime = 0 here, = 1 below (floor DR2).
    rx1DrTable: {
      0: [0, 0, 0, 0, 0, 0, 1, 2],
      1: [1, 0, 0, 0, 0, 0, 2, 3],
      2: [2, 1, 0, 0, 0, 0, 3, 4],
      3: [3, 2, 1, 0, 0, 0, 4, 5],
      4: [4, 3, 2, 1, 0, 0, 5, 6],
      5: [5, 4, 3, 2, 1, 0, 6, 7],
      6: [6, 5, 4, 3, 2, 1, 7, 7],
      7: [7, 6, 5, 4, 3, 2, 7, 7],
    },
    dwellTimeRx1DrTable: {
      0: [2, 2, 2, 2, 2, 2, 2, 2],
      1: [2, 2, 2, 2, 2, 2, 2, 3],
      2: [2, 2, 2, 2, 2, 2, 3, 4],
      3: [3, 2, 2, 2, 2, 2, 4, 5],
      4: [4, 3, 2, 2, 2, 2, 5, 6],
      5: [5, 4, 3, 2, 2, 2, 6, 7],
      6: [6, 5, 4, 3, 2, 2, 7, 7],
      7: [7, 6, 5, 4, 3, 2, 7, 7],
    },
    // [RP002-1.0.4 §2.10.2] 923.2 and 923.4 MHz (minus the group offset), DR0-5.
    channelPlan: {
      kind: 'dynamic',
      defaultChannels: [
        { frequencyHz: 923_200_000 + offsetHz, minDr: 0, maxDr: 5 },
        { frequencyHz: 923_400_000 + offsetHz, minDr: 0, maxDr: 5 },
      ],
      maxChannels: 16,
      cfListDrRange: { minDr: 0, maxDr: 5 },
    },
    // [RP002-1.0.4 §2.10.7] RX2: 923.2 MHz (minus the group offset), DR2.
    rx2Default: { frequencyHz: 923_200_000 + offsetHz, dataRate: 2 },
    ...defaultDelays,
    // [RP002-1.0.4 §2.10.3] max EIRP 16 dBm, TXPower 0..7 in 2 dB steps.
    defaultMaxEirpDbm: 16,
    txPowerOffsetsDb: txPowerSteps(7),
    chMaskCntlRules: dynamicPlanChMaskCntl,
  };
}

export const as923Data: RegionData = as923GroupData('AS923-1');

/** AS923 (group AS923-1) as a Region. */
export const as923 = defineRegion(as923Data);

/** Each AS923 frequency group as a Region (name `AS923`, commonName `AS923-n`). */
export const as923Groups: Readonly<Record<As923VariantName, Region>> = {
  'AS923-1': as923,
  'AS923-2': defineRegion(as923GroupData('AS923-2')),
  'AS923-3': defineRegion(as923GroupData('AS923-3')),
  'AS923-4': defineRegion(as923GroupData('AS923-4')),
};
