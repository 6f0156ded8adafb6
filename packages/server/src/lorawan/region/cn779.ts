/** CN779-787 [RP002-1.0.4 §2.6]: dynamic plan with three default channels, EU868 data rates. */
import {
  defaultDelays,
  dynamicPlanChMaskCntl,
  euLikeDataRates,
  euLikeMaxMacPayload,
  subtractiveRx1Table,
  txPowerSteps,
} from './common.js';
import { defineRegion } from './define-region.js';
import type { RegionData } from './region-data.js';

export const cn779Data: RegionData = {
  name: 'CN779',
  commonName: 'CN779',
  frequencyRangeHz: { minHz: 779_000_000, maxHz: 787_000_000 },
  // [RP002-1.0.4 §2.6.3] DR0-7 as EU868.
  dataRates: euLikeDataRates,
  // [RP002-1.0.4 §2.6.6] not repeater-compatible.
  maxMacPayload: euLikeMaxMacPayload,
  // [RP002-1.0.4 §2.6.7] RX1DROffset 0..5.
  rx1DrTable: subtractiveRx1Table([0, 1, 2, 3, 4, 5, 6, 7], 5),
  // [RP002-1.0.4 §2.6.2] 779.5, 779.7, 779.9 MHz, DR0-5.
  channelPlan: {
    kind: 'dynamic',
    defaultChannels: [
      { frequencyHz: 779_500_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 779_700_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 779_900_000, minDr: 0, maxDr: 5 },
    ],
    maxChannels: 16,
    cfListDrRange: { minDr: 0, maxDr: 5 },
  },
  // [RP002-1.0.4 §2.6.7] RX2: 786.0 MHz, DR0.
  rx2Default: { frequencyHz: 786_000_000, dataRate: 0 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.6.3] max EIRP 12.15 dBm, TXPower 0..5 in 2 dB steps.
  defaultMaxEirpDbm: 12.15,
  txPowerOffsetsDb: txPowerSteps(5),
  chMaskCntlRules: dynamicPlanChMaskCntl,
};

/** CN779-787 as a Region. */
export const cn779 = defineRegion(cn779Data);
