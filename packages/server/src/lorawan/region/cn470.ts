/**
 * CN470-510, the 96-channel plan of Regional Parameters 1.0.x [RP 1.0.3rA §2.7]: 96 x 125 kHz
 * uplink channels, 48 downlink channels, RX1 channel = uplink channel modulo 48. RP002-1.0.4
 * replaced it with the 20 MHz / 26 MHz plans A and B, which lns does not model (see README.md).
 */
import {
  channelGrid,
  defaultDelays,
  euLikeDataRates,
  euLikeMaxMacPayload,
  pickDrs,
  subtractiveRx1Table,
  txPowerSteps,
} from './common.js';
import { defineRegion } from './define-region.js';
import type { RegionData } from './region-data.js';

const cn470Drs = [0, 1, 2, 3, 4, 5];

export const cn470Data: RegionData = {
  name: 'CN470',
  commonName: 'CN470',
  frequencyRangeHz: { minHz: 470_000_000, maxHz: 510_000_000 },
  // [RP 1.0.3rA §2.7.3] DR0-5: SF12..SF7 at 125 kHz, up and down.
  dataRates: pickDrs(euLikeDataRates, cn470Drs),
  // [RP 1.0.3rA §2.7.6] not repeater-compatible.
  maxMacPayload: pickDrs(euLikeMaxMacPayload, cn470Drs),
  // [RP 1.0.3rA §2.7.7] RX1DROffset 0..5.
  rx1DrTable: subtractiveRx1Table(cn470Drs, 5),
  // [RP 1.0.3rA §2.7.2] uplink 0-95: 470.3 MHz + 200 kHz steps; downlink 0-47: 500.3 MHz +
  // 200 kHz steps; DR0-5 everywhere.
  channelPlan: {
    kind: 'fixed',
    uplinkChannels: channelGrid(470_300_000, 200_000, 96, 0, 5),
    downlinkChannels: channelGrid(500_300_000, 200_000, 48, 0, 5),
  },
  // [RP 1.0.3rA §2.7.7] RX2: 505.3 MHz, DR0.
  rx2Default: { frequencyHz: 505_300_000, dataRate: 0 },
  ...defaultDelays,
  // [RP 1.0.3rA §2.7.3] max EIRP 19.15 dBm, TXPower 0..7 in 2 dB steps.
  defaultMaxEirpDbm: 19.15,
  txPowerOffsetsDb: txPowerSteps(7),
  // [RP 1.0.3rA §2.7.5] ChMaskCntl 0..5 = channels 16n..16n+15, 6 = all channels on, 7 RFU.
  chMaskCntlRules: {
    0: { kind: 'block', firstChannel: 0 },
    1: { kind: 'block', firstChannel: 16 },
    2: { kind: 'block', firstChannel: 32 },
    3: { kind: 'block', firstChannel: 48 },
    4: { kind: 'block', firstChannel: 64 },
    5: { kind: 'block', firstChannel: 80 },
    6: { kind: 'all-on' },
  },
};

/** CN470-510 (96-channel plan) as a Region. */
export const cn470 = defineRegion(cn470Data);
