/**
 * AU915-928 [RP002-1.0.4 §2.8]: US915-style fixed plan shifted to 915.2 MHz with SF12..SF7 on
 * the 125 kHz channels; TxParamSetupReq (dwell time) is supported.
 */
import {
  channelGrid,
  defaultDelays,
  lora,
  lrFhss,
  txPowerSteps,
  usLikeChMaskCntl,
} from './common.js';
import { defineRegion } from './define-region.js';
import type { RegionData } from './region-data.js';

/** M of the DRs every AU915 device may use whatever the dwell time [RP002-1.0.4 §2.8.6]. */
const au915CommonMaxMacPayload = {
  5: 250,
  6: 250,
  7: 58,
  8: 61,
  9: 137,
  10: 250,
  11: 250,
  12: 250,
  13: 250,
};

export const au915Data: RegionData = {
  name: 'AU915',
  commonName: 'AU915',
  frequencyRangeHz: { minHz: 915_000_000, maxHz: 928_000_000 },
  // [RP002-1.0.4 §2.8.3] DR0-7 uplink only, DR8-13 downlink only.
  dataRates: {
    0: lora(12, 125_000, 'uplink'),
    1: lora(11, 125_000, 'uplink'),
    2: lora(10, 125_000, 'uplink'),
    3: lora(9, 125_000, 'uplink'),
    4: lora(8, 125_000, 'uplink'),
    5: lora(7, 125_000, 'uplink'),
    6: lora(8, 500_000, 'uplink'),
    7: lrFhss('1/3', 1_523_000),
    8: lora(12, 500_000, 'downlink'),
    9: lora(11, 500_000, 'downlink'),
    10: lora(10, 500_000, 'downlink'),
    11: lora(9, 500_000, 'downlink'),
    12: lora(8, 500_000, 'downlink'),
    13: lora(7, 500_000, 'downlink'),
  },
  // [RP002-1.0.4 §2.8.6] not repeater-compatible, UplinkDwellTime = 0.
  maxMacPayload: { 0: 59, 1: 59, 2: 59, 3: 123, 4: 250, ...au915CommonMaxMacPayload },
  // [RP002-1.0.4 §2.8.6] UplinkDwellTime = 1: DR0-1 not allowed.
  dwellTimeMaxMacPayload: { 2: 19, 3: 61, 4: 133, ...au915CommonMaxMacPayload },
  // [RP002-1.0.4 §2.8.7] RX1DROffset 0..5.
  rx1DrTable: {
    0: [8, 8, 8, 8, 8, 8],
    1: [9, 8, 8, 8, 8, 8],
    2: [10, 9, 8, 8, 8, 8],
    3: [11, 10, 9, 8, 8, 8],
    4: [12, 11, 10, 9, 8, 8],
    5: [13, 12, 11, 10, 9, 8],
    6: [13, 13, 12, 11, 10, 9],
    7: [9, 8, 8, 8, 8, 8],
  },
  // [RP002-1.0.4 §2.8.2] 0-63: 915.2 MHz + 200 kHz steps, DR0-5; 64-71: 915.9 MHz + 1.6 MHz
  // steps, DR6-7; downlink 0-7: 923.3 MHz + 600 kHz, DR8-13.
  channelPlan: {
    kind: 'fixed',
    uplinkChannels: [
      ...channelGrid(915_200_000, 200_000, 64, 0, 5),
      ...channelGrid(915_900_000, 1_600_000, 8, 6, 7),
    ],
    downlinkChannels: channelGrid(923_300_000, 600_000, 8, 8, 13),
  },
  // [RP002-1.0.4 §2.8.7] RX2: 923.3 MHz, DR8.
  rx2Default: { frequencyHz: 923_300_000, dataRate: 8 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.8.3] max EIRP 30 dBm, TXPower 0..14 in 2 dB steps.
  defaultMaxEirpDbm: 30,
  txPowerOffsetsDb: txPowerSteps(14),
  chMaskCntlRules: usLikeChMaskCntl,
};

/** AU915-928 as a Region. */
export const au915 = defineRegion(au915Data);
