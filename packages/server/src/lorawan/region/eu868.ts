/**
 * EU863-870 [RP002-1.0.4 §2.4]: dynamic channel plan, three default channels, LR-FHSS DR8-11
 * for uplink only.
 */
import {
  defaultDelays,
  dynamicPlanChMaskCntl,
  euLikeDataRates,
  euLikeMaxMacPayload,
  lrFhss,
  subtractiveRx1Table,
  txPowerSteps,
} from './common.js';
import { defineRegion } from './define-region.js';
import type { RegionData } from './region-data.js';

export const eu868Data: RegionData = {
  name: 'EU868',
  commonName: 'EU868',
  frequencyRangeHz: { minHz: 863_000_000, maxHz: 870_000_000 },
  // [RP002-1.0.4 §2.4.3] DR8-11: LR-FHSS, 137/336 kHz occupied channel width.
  dataRates: {
    ...euLikeDataRates,
    8: lrFhss('1/3', 137_000),
    9: lrFhss('2/3', 137_000),
    10: lrFhss('1/3', 336_000),
    11: lrFhss('2/3', 336_000),
  },
  // [RP002-1.0.4 §2.4.6] not repeater-compatible.
  maxMacPayload: { ...euLikeMaxMacPayload, 8: 58, 9: 123, 10: 58, 11: 123 },
  // [RP002-1.0.4 §2.4.7] RX1DROffset 0..5; LR-FHSS uplinks answer on DR1/DR2 at most.
  rx1DrTable: {
    ...subtractiveRx1Table([0, 1, 2, 3, 4, 5, 6, 7], 5),
    8: [1, 0, 0, 0, 0, 0],
    9: [2, 1, 0, 0, 0, 0],
    10: [1, 0, 0, 0, 0, 0],
    11: [2, 1, 0, 0, 0, 0],
  },
  // [RP002-1.0.4 §2.4.2] three default channels, DR0-5, up to 16 channels.
  channelPlan: {
    kind: 'dynamic',
    defaultChannels: [
      { frequencyHz: 868_100_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 868_300_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 868_500_000, minDr: 0, maxDr: 5 },
    ],
    maxChannels: 16,
    cfListDrRange: { minDr: 0, maxDr: 5 },
  },
  // [RP002-1.0.4 §2.4.7] RX2: 869.525 MHz, DR0.
  rx2Default: { frequencyHz: 869_525_000, dataRate: 0 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.4.3] max EIRP 16 dBm, TXPower 0..7 in 2 dB steps.
  defaultMaxEirpDbm: 16,
  txPowerOffsetsDb: txPowerSteps(7),
  chMaskCntlRules: dynamicPlanChMaskCntl,
};

/** EU863-870 as a Region. */
export const eu868 = defineRegion(eu868Data);
