/**
 * The EU868-like dynamic channel plans (EU433, CN779, RU864): EU868's data rates and payload
 * sizes (not repeater-compatible), RX1DROffset 0..5, up to 16 channels with default channels
 * and CFList channels at DR0-5, TXPower in 2 dB steps, the default delays [RP002-1.0.4 §2.6,
 * §2.7, §2.13]. Each region file gives only what differs.
 */
import {
  defaultDelays,
  dynamicPlanChMaskCntl,
  euLikeDataRates,
  euLikeMaxMacPayload,
  subtractiveRx1Table,
  txPowerSteps,
} from './common.js';
import type { RegionData } from './region-data.js';
import type { RegionFamilyName } from './region.js';

export interface EuLikeRegionFacts {
  readonly name: RegionFamilyName;
  readonly frequencyRangeHz: { readonly minHz: number; readonly maxHz: number };
  readonly defaultChannelsHz: readonly number[];
  readonly rx2FrequencyHz: number;
  readonly defaultMaxEirpDbm: number;
  /** Highest TXPower index (offsets 0, -2, … dB). */
  readonly maxTxPowerIndex: number;
}

export function euLikeRegionData(facts: EuLikeRegionFacts): RegionData {
  return {
    name: facts.name,
    commonName: facts.name,
    frequencyRangeHz: facts.frequencyRangeHz,
    dataRates: euLikeDataRates,
    maxMacPayload: euLikeMaxMacPayload,
    rx1DrTable: subtractiveRx1Table([0, 1, 2, 3, 4, 5, 6, 7], 5),
    channelPlan: {
      kind: 'dynamic',
      defaultChannels: facts.defaultChannelsHz.map((frequencyHz) => ({
        frequencyHz,
        minDr: 0,
        maxDr: 5,
      })),
      maxChannels: 16,
      cfListDrRange: { minDr: 0, maxDr: 5 },
    },
    rx2Default: { frequencyHz: facts.rx2FrequencyHz, dataRate: 0 },
    ...defaultDelays,
    defaultMaxEirpDbm: facts.defaultMaxEirpDbm,
    txPowerOffsetsDb: txPowerSteps(facts.maxTxPowerIndex),
    chMaskCntlRules: dynamicPlanChMaskCntl,
  };
}
