/** EU433 [RP002-1.0.4 §2.7]: dynamic plan with three default channels, EU868 data rates. */
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

export const eu433Data: RegionData = {
  name: 'EU433',
  commonName: 'EU433',
  frequencyRangeHz: { minHz: 433_175_000, maxHz: 434_665_000 },
  // [RP002-1.0.4 §2.7.3] DR0-7 as EU868.
  dataRates: euLikeDataRates,
  // [RP002-1.0.4 §2.7.6] not repeater-compatible.
  maxMacPayload: euLikeMaxMacPayload,
  // [RP002-1.0.4 §2.7.7] RX1DROffset 0..5.
  rx1DrTable: subtractiveRx1Table([0, 1, 2, 3, 4, 5, 6, 7], 5),
  // [RP002-1.0.4 §2.7.2] 433.175, 433.375, 433.575 MHz, DR0-5.
  channelPlan: {
    kind: 'dynamic',
    defaultChannels: [
      { frequencyHz: 433_175_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 433_375_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 433_575_000, minDr: 0, maxDr: 5 },
    ],
    maxChannels: 16,
    cfListDrRange: { minDr: 0, maxDr: 5 },
  },
  // [RP002-1.0.4 §2.7.7] RX2: 434.665 MHz, DR0.
  rx2Default: { frequencyHz: 434_665_000, dataRate: 0 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.7.3] max EIRP 12.15 dBm, TXPower 0..5 in 2 dB steps.
  defaultMaxEirpDbm: 12.15,
  txPowerOffsetsDb: txPowerSteps(5),
  chMaskCntlRules: dynamicPlanChMaskCntl,
};

/** EU433 as a Region. */
export const eu433 = defineRegion(eu433Data);
