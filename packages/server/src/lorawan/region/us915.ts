/**
 * US902-928 [RP002-1.0.4 §2.5]: fixed plan of 64 x 125 kHz + 8 x 500 kHz uplink channels and
 * 8 x 500 kHz downlink channels; RX1 channel = uplink channel modulo 8.
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

export const us915Data: RegionData = {
  name: 'US915',
  commonName: 'US915',
  frequencyRangeHz: { minHz: 902_000_000, maxHz: 928_000_000 },
  // [RP002-1.0.4 §2.5.3] DR0-6 uplink only, DR7 RFU, DR8-13 downlink only.
  dataRates: {
    0: lora(10, 125_000, 'uplink'),
    1: lora(9, 125_000, 'uplink'),
    2: lora(8, 125_000, 'uplink'),
    3: lora(7, 125_000, 'uplink'),
    4: lora(8, 500_000, 'uplink'),
    5: lrFhss('1/3', 1_523_000),
    6: lrFhss('2/3', 1_523_000),
    8: lora(12, 500_000, 'downlink'),
    9: lora(11, 500_000, 'downlink'),
    10: lora(10, 500_000, 'downlink'),
    11: lora(9, 500_000, 'downlink'),
    12: lora(8, 500_000, 'downlink'),
    13: lora(7, 500_000, 'downlink'),
  },
  // [RP002-1.0.4 §2.5.6] not repeater-compatible.
  maxMacPayload: {
    0: 19,
    1: 61,
    2: 133,
    3: 250,
    4: 250,
    5: 58,
    6: 133,
    8: 61,
    9: 137,
    10: 250,
    11: 250,
    12: 250,
    13: 250,
  },
  // [RP002-1.0.4 §2.5.7] RX1DROffset 0..3.
  rx1DrTable: {
    0: [10, 9, 8, 8],
    1: [11, 10, 9, 8],
    2: [12, 11, 10, 9],
    3: [13, 12, 11, 10],
    4: [13, 13, 12, 11],
    5: [10, 9, 8, 8],
    6: [11, 10, 9, 8],
  },
  // [RP002-1.0.4 §2.5.2] 0-63: 902.3 MHz + 200 kHz steps, DR0-3; 64-71: 903.0 MHz + 1.6 MHz
  // steps, DR4 (LoRa 500 kHz) and DR5-6 (LR-FHSS); downlink 0-7: 923.3 MHz + 600 kHz, DR8-13.
  channelPlan: {
    kind: 'fixed',
    uplinkChannels: [
      ...channelGrid(902_300_000, 200_000, 64, 0, 3),
      ...channelGrid(903_000_000, 1_600_000, 8, 4, 6),
    ],
    downlinkChannels: channelGrid(923_300_000, 600_000, 8, 8, 13),
  },
  // [RP002-1.0.4 §2.5.7] RX2: 923.3 MHz, DR8.
  rx2Default: { frequencyHz: 923_300_000, dataRate: 8 },
  ...defaultDelays,
  // [RP002-1.0.4 §2.5.3] max EIRP 30 dBm, TXPower 0..14 in 2 dB steps (LoRaWAN 1.0.2 stopped at 10).
  defaultMaxEirpDbm: 30,
  txPowerOffsetsDb: txPowerSteps(14),
  chMaskCntlRules: usLikeChMaskCntl,
};

/** US902-928 as a Region. */
export const us915 = defineRegion(us915Data);
