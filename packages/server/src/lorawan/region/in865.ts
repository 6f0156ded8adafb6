/**
 * IN865-867 [RP002-1.0.4 §2.12]: dynamic plan with three default channels; DR6 is RFU, and
 * RX1DROffset 6 and 7 raise the RX1 rate (skipping DR6).
 */
import {
  defaultDelays,
  dynamicPlanChMaskCntl,
  euLikeDataRates,
  euLikeMaxMacPayload,
  pickDrs,
  txPowerSteps,
} from './common.js';
import { defineRegion } from './define-region.js';
import type { RegionData } from './region-data.js';

const in865Drs = [0, 1, 2, 3, 4, 5, 7];

export const in865Data: RegionData = {
  name: 'IN865',
  commonName: 'IN865',
  frequencyRangeHz: { minHz: 865_000_000, maxHz: 867_000_000 },
  // [RP002-1.0.4 §2.12.3] DR0-5 LoRa 125 kHz, DR6 RFU, DR7 FSK 50 kbps.
  dataRates: pickDrs(euLikeDataRates, in865Drs),
  // [RP002-1.0.4 §2.12.6] not repeater-compatible.
  maxMacPayload: pickDrs(euLikeMaxMacPayload, in865Drs),
  // [RP002-1.0.4 §2.12.7] RX1DROffset 0..7 (table, not a formula: DR6 does not exist).
  rx1DrTable: {
    0: [0, 0, 0, 0, 0, 0, 1, 2],
    1: [1, 0, 0, 0, 0, 0, 2, 3],
    2: [2, 1, 0, 0, 0, 0, 3, 4],
    3: [3, 2, 1, 0, 0, 0, 4, 5],
    4: [4, 3, 2, 1, 0, 0, 5, 5],
    5: [5, 4, 3, 2, 1, 0, 5, 7],
    7: [7, 5, 5, 4, 3, 2, 7, 7],
  },
  // [RP002-1.0.4 §2.12.2] 865.0625, 865.4025, 865.985 MHz, DR0-5.
  channelPlan: {
    kind: 'dynamic',
    defaultChannels: [
      { frequencyHz: 865_062_500, minDr: 0, maxDr: 5 },
      { frequencyHz: 865_402_500, minDr: 0, maxDr: 5 },
      { frequencyHz: 865_985_000, minDr: 0, maxDr: 5 },
    ],
    maxChannels: 16,
    cfListDrRange: { minDr: 0, maxDr: 5 },
  },
  // [RP002-1.0.4 §2.12.7] RX2: 866.550 MHz, DR2.
  rx2Default: { frequencyHz: 866_550_000, dataRate: 2 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.12.3] max EIRP 30 dBm, TXPower 0..10 in 2 dB steps.
  defaultMaxEirpDbm: 30,
  txPowerOffsetsDb: txPowerSteps(10),
  chMaskCntlRules: dynamicPlanChMaskCntl,
};

/** IN865-867 as a Region. */
export const in865 = defineRegion(in865Data);
