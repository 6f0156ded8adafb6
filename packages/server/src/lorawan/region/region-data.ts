/**
 * The plain-data shape of one region, as written in eu868.ts, us915.ts, ... `defineRegion`
 * (define-region.ts) turns it into a `Region` with its functions.
 */
import type {
  As923VariantName,
  Channel,
  ChMaskCntlRule,
  RegionDataRate,
  RegionFamilyName,
  RegionName,
} from './region.js';

/** DR -> value; plain records keep the region files readable as tables. */
export type DrTable<T> = Readonly<Record<number, T>>;

export interface DynamicPlanData {
  readonly kind: 'dynamic';
  /** Channels 0..n-1 every device has after a join. */
  readonly defaultChannels: readonly Channel[];
  readonly maxChannels: number;
  /** DR range of the channels a type-0 CFList adds. */
  readonly cfListDrRange: { readonly minDr: number; readonly maxDr: number };
}

export interface FixedPlanData {
  readonly kind: 'fixed';
  readonly uplinkChannels: readonly Channel[];
  /** RX1 uses downlink channel `uplink channel index % downlinkChannels.length`. */
  readonly downlinkChannels: readonly Channel[];
}

export interface RegionData {
  readonly name: RegionFamilyName;
  readonly commonName: RegionName | As923VariantName;
  readonly frequencyRangeHz: { readonly minHz: number; readonly maxHz: number };
  readonly dataRates: DrTable<RegionDataRate>;
  /** Max MACPayload size M per DR, not repeater-compatible, no dwell-time limit. */
  readonly maxMacPayload: DrTable<number>;
  /** Max MACPayload size M per DR under the 400 ms dwell-time limit; absent DR = not allowed. */
  readonly dwellTimeMaxMacPayload?: DrTable<number>;
  /** Uplink DR -> RX1 DR per RX1DROffset. */
  readonly rx1DrTable: DrTable<readonly number[]>;
  /** RX1 table when DownlinkDwellTime = 1 (AS923). */
  readonly dwellTimeRx1DrTable?: DrTable<readonly number[]>;
  readonly channelPlan: DynamicPlanData | FixedPlanData;
  readonly rx2Default: { readonly frequencyHz: number; readonly dataRate: number };
  readonly receiveDelay1S: number;
  readonly receiveDelay2S: number;
  readonly joinAcceptDelay1S: number;
  readonly joinAcceptDelay2S: number;
  readonly defaultMaxEirpDbm: number;
  readonly txPowerOffsetsDb: readonly number[];
  readonly chMaskCntlRules: Readonly<Record<number, ChMaskCntlRule>>;
}
