/** RU864-870 [RP002-1.0.4 §2.13]: dynamic plan with two default channels, EU868 data rates. */
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

export const ru864Data: RegionData = {
  name: 'RU864',
  commonName: 'RU864',
  frequencyRangeHz: { minHz: 864_000_000, maxHz: 870_000_000 },
  // [RP002-1.0.4 §2.13.3] DR0-7 as EU868.
  dataRates: euLikeDataRates,
  // [RP002-1.0.4 §2.13.6] not repeater-compatible.
  maxMacPayload: euLikeMaxMacPayload,
  // [RP002-1.0.4 §2.13.7] RX1DROffset 0..5.
  rx1DrTable: subtractiveRx1Table([0, 1, 2, 3, 4, 5, 6, 7], 5),
  // [RP002-1.0.4 §2.13.2] 868.9 and 869.1 MHz, DR0-5.
  channelPlan: {
    kind: 'dynamic',
    defaultChannels: [
      { frequencyHz: 868_900_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 869_100_000, minDr: 0, maxDr: 5 },
    ],
    maxChannels: 16,
    cfListDrRange: { minDr: 0, maxDr: 5 },
  },
  // [RP002-1.0.4 §2.13.7] RX2: 869.1 MHz, DR0.
  rx2Default: { frequencyHz: 869_100_000, dataRate: 0 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.13.3] max EIRP 16 dBm, TXPower 0..7 in 2 dB steps.
  defaultMaxEirpDbm: 16,
  txPowerOffsetsDb: txPowerSteps(7),
  chMaskCntlRules: dynamicPlanChMaskCntl,
};

/** RU864-870 as a Region. */
export const ru864 = defineRegion(ru864Data);
