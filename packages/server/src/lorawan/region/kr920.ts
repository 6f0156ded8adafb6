/**
 * KR920-923 [RP002-1.0.4 §2.11]: dynamic plan with three default channels and LoRa 125 kHz
 * DR0-5 only.
 */
import {
  defaultDelays,
  dynamicPlanChMaskCntl,
  euLikeDataRates,
  euLikeMaxMacPayload,
  pickDrs,
  subtractiveRx1Table,
  txPowerSteps,
} from './common.js';
import { defineRegion } from './define-region.js';
import type { RegionData } from './region-data.js';

const kr920Drs = [0, 1, 2, 3, 4, 5];

export const kr920Data: RegionData = {
  name: 'KR920',
  commonName: 'KR920',
  frequencyRangeHz: { minHz: 920_900_000, maxHz: 923_300_000 },
  // [RP002-1.0.4 §2.11.3] DR0-5: SF12..SF7 at 125 kHz; DR6-15 RFU.
  dataRates: pickDrs(euLikeDataRates, kr920Drs),
  // [RP002-1.0.4 §2.11.6] not repeater-compatible.
  maxMacPayload: pickDrs(euLikeMaxMacPayload, kr920Drs),
  // [RP002-1.0.4 §2.11.7] RX1DROffset 0..5.
  rx1DrTable: subtractiveRx1Table(kr920Drs, 5),
  // [RP002-1.0.4 §2.11.2] 922.1, 922.3, 922.5 MHz, DR0-5.
  channelPlan: {
    kind: 'dynamic',
    defaultChannels: [
      { frequencyHz: 922_100_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 922_300_000, minDr: 0, maxDr: 5 },
      { frequencyHz: 922_500_000, minDr: 0, maxDr: 5 },
    ],
    maxChannels: 16,
    cfListDrRange: { minDr: 0, maxDr: 5 },
  },
  // [RP002-1.0.4 §2.11.7] RX2: 921.9 MHz, DR0.
  rx2Default: { frequencyHz: 921_900_000, dataRate: 0 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.11.3] max EIRP 14 dBm, TXPower 0..7 in 2 dB steps.
  defaultMaxEirpDbm: 14,
  txPowerOffsetsDb: txPowerSteps(7),
  chMaskCntlRules: dynamicPlanChMaskCntl,
};

/** KR920-923 as a Region. */
export const kr920 = defineRegion(kr920Data);
