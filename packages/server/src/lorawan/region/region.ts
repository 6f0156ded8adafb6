/**
 * A LoRaWAN regional parameter set as data plus small functions [RP002-1.0.4].
 * Concrete regions live in one file each (eu868.ts, us915.ts, ...) as plain data, turned into a
 * `Region` by `defineRegion` (define-region.ts), and are looked up through index.ts.
 */
import type { DataRate } from '../../shared/radio.js';

/** A region family: the `name` of a Region (every AS923 group is `AS923`). */
export type RegionFamilyName =
  'EU868' | 'US915' | 'AU915' | 'AS923' | 'IN865' | 'KR920' | 'CN470' | 'RU864' | 'EU433' | 'CN779';

/**
 * A region as profiles, gateways and LNS_REGION name it: a family, or one of the AS923
 * frequency groups by its RP002 common name (plain `AS923` is group AS923-1, as ChirpStack
 * names it).
 */
export type RegionName = RegionFamilyName | 'AS923-2' | 'AS923-3' | 'AS923-4';

/** RP002 common names of the AS923 frequency groups; plain `AS923` is group 1. */
export type As923VariantName = 'AS923-1' | 'AS923-2' | 'AS923-3' | 'AS923-4';

export interface RegionDataRate {
  readonly dataRate: DataRate;
  readonly uplink: boolean;
  readonly downlink: boolean;
}

export interface Channel {
  readonly frequencyHz: number;
  readonly minDr: number;
  readonly maxDr: number;
}

export interface MaxPayload {
  /** Max MACPayload bytes. */
  readonly m: number;
  /** Max FRMPayload bytes with empty FOpts (M - 8). */
  readonly n: number;
}

/** `dynamic`: channels defined by CFList/NewChannelReq (EU868 style); `fixed`: 72/96-channel grid. */
export type ChannelPlanKind = 'dynamic' | 'fixed';

/** One LinkADRReq channel-mask pair: ChMaskCntl (0..7) and the 16-bit ChMask (bit i = bit i). */
export interface ChMaskSetting {
  readonly chMaskCntl: number;
  readonly chMask: number;
}

/**
 * What one ChMaskCntl value means in a region [RP002-1.0.4 §2.x.5]. Values a region does not list
 * are RFU and make the device reject the command.
 */
export type ChMaskCntlRule =
  /** ChMask bit i controls channel `firstChannel + i`. */
  | { readonly kind: 'block'; readonly firstChannel: number }
  /** Every defined channel is enabled; the ChMask value is ignored. */
  | { readonly kind: 'all-on' }
  /**
   * Narrow channels 0..`narrowCount - 1` are all switched to `on`; ChMask bit i (i < `wideCount`)
   * controls channel `narrowCount + i` (US915/AU915 ChMaskCntl 6 and 7).
   */
  | {
      readonly kind: 'all-narrow';
      readonly on: boolean;
      readonly narrowCount: number;
      readonly wideCount: number;
    }
  /**
   * ChMask bit i (i < `wideCount`) switches the bank of `bankSize` narrow channels starting at
   * `i * bankSize` together with wide channel `narrowCount + i` (US915/AU915 ChMaskCntl 5).
   */
  | {
      readonly kind: 'banks';
      readonly bankSize: number;
      readonly narrowCount: number;
      readonly wideCount: number;
    };

/** Content of a join-accept CFList [RP002-1.0.4 §2.x.4]. */
export type CfList =
  /** Frequencies of the channels after the default ones; exactly 5 slots, 0 = no channel. */
  | { readonly type: 0; readonly frequenciesHz: readonly number[] }
  /** Channels the device enables after the join (fixed-plan regions). */
  | { readonly type: 1; readonly enabledChannels: readonly number[] };

/** Channels a device has after a join: every defined channel by index, and the enabled ones. */
export interface ChannelState {
  readonly channels: ReadonlyMap<number, Channel>;
  readonly enabled: readonly number[];
}

export interface MaxPayloadOptions {
  /** The 400 ms dwell-time limit applies (TxParamSetupReq); ignored where the region has none. */
  readonly dwellTime?: boolean;
  /** Repeater-compatible sizes (M capped at 230); default is not repeater-compatible. */
  readonly repeaterCompatible?: boolean;
}

export interface Rx1DataRateOptions {
  /** DownlinkDwellTime = 1 (AS923): RX1 never goes below DR2. Ignored by other regions. */
  readonly downlinkDwellTime?: boolean;
}

export interface ChMaskTargetOptions {
  /** Channels the device has defined (dynamic plans); defaults to the region's default channels. */
  readonly definedChannels?: readonly number[];
  /** The device's currently enabled channels, when known; lets unchanged blocks be skipped. */
  readonly current?: readonly number[];
  /**
   * May use ChMaskCntl 5 (US915/AU915 banks of 8 + 1 channels). Only RP002 devices know it;
   * older ones (e.g. LoRaMac-node before RP002 support) reject it, so it is off by default.
   */
  readonly allowBanks?: boolean;
}

export interface Region {
  /** The family: `AS923` for every AS923 group (`commonName` tells them apart). */
  readonly name: RegionFamilyName;
  /** RP002 common name: same as `name` except for the AS923 groups (`AS923-1` ... `AS923-4`). */
  readonly commonName: RegionName | As923VariantName;
  readonly channelPlan: ChannelPlanKind;
  /** Band edges: every uplink and downlink frequency of the region lies in [minHz, maxHz]. */
  readonly frequencyRangeHz: { readonly minHz: number; readonly maxHz: number };
  /** Data-rate index -> modulation; indexes the region does not define are absent. */
  readonly dataRates: ReadonlyMap<number, RegionDataRate>;
  /** Not repeater-compatible, no dwell-time limit; DRs a device may not use are absent. */
  readonly maxPayload: ReadonlyMap<number, MaxPayload>;
  /** Max payload under the 400 ms dwell-time limit, for regions with TxParamSetupReq. */
  readonly dwellTimeMaxPayload: ReadonlyMap<number, MaxPayload> | undefined;
  /** Channels every device knows after a join (the default/mandatory channels). */
  readonly defaultChannels: readonly Channel[];
  /** Uplink channels by index: the default channels (dynamic) or the whole grid (fixed). */
  readonly uplinkChannels: readonly Channel[];
  /** Downlink channels by index: same as uplink (dynamic) or the RX1 grid (fixed). */
  readonly downlinkChannels: readonly Channel[];
  /** Most channels a device can hold: 16 (dynamic), 72 or 96 (fixed). */
  readonly maxChannels: number;
  /** Uplink DR -> RX1 DR for each RX1DROffset (row index = offset). */
  readonly rx1DrOffsetTable: ReadonlyMap<number, readonly number[]>;
  readonly rx2Default: { readonly frequencyHz: number; readonly dataRate: number };
  readonly receiveDelay1S: number;
  readonly receiveDelay2S: number;
  readonly joinAcceptDelay1S: number;
  readonly joinAcceptDelay2S: number;
  readonly defaultMaxEirpDbm: number;
  /** TXPower index -> offset from max EIRP in dB (0, -2, -4, ...). */
  readonly txPowerOffsetsDb: readonly number[];
  /** CFListType this region uses: 0 = frequency list, 1 = channel masks. */
  readonly cfListType: 0 | 1;
  /** DR range of the channels a type-0 CFList adds (dynamic plans). */
  readonly cfListDrRange: { readonly minDr: number; readonly maxDr: number } | undefined;
  /** LinkADRReq ChMaskCntl values this region defines. */
  readonly chMaskCntlRules: ReadonlyMap<number, ChMaskCntlRule>;

  /** Data-rate index for an uplink of this modulation, or undefined if the region has none. */
  uplinkDataRateIndex(dataRate: DataRate): number | undefined;
  /** Data-rate index for a downlink of this modulation, or undefined if the region has none. */
  downlinkDataRateIndex(dataRate: DataRate): number | undefined;
  /** The modulation of a data-rate index. Throws LorawanRegionError for an undefined DR. */
  dataRate(dr: number): RegionDataRate;
  /** M and N for a DR. Throws LorawanRegionError when the DR is undefined or not allowed. */
  maxPayloadSize(dr: number, options?: MaxPayloadOptions): MaxPayload;
  /** RX1 data rate from the uplink data rate and RX1DROffset. Throws LorawanRegionError. */
  rx1DataRate(uplinkDr: number, rx1DrOffset: number, options?: Rx1DataRateOptions): number;
  /** RX1 frequency from the uplink frequency. Throws LorawanRegionError. */
  rx1FrequencyHz(uplinkFrequencyHz: number): number;
  /** Index of the uplink channel on this frequency among `channels` (default: uplinkChannels). */
  uplinkChannelIndex(frequencyHz: number, channels?: readonly Channel[]): number;
  /** Downlink channel index used in RX1 after an uplink on this channel index. */
  rx1ChannelIndex(uplinkChannelIndex: number): number;
  /** TX power in dBm EIRP of a TXPower index. Throws LorawanRegionError for an unknown index. */
  txPowerEirpDbm(txPowerIndex: number, maxEirpDbm?: number): number;
  /** Whether a join-accept for this LoRaWAN version (`1.0.2`, `1.1`...) may carry a CFList. */
  supportsCfList(macVersion: string): boolean;
  /** 16 CFList bytes (incl. CFListType). Throws LorawanRegionError for content the region can't carry. */
  encodeCfList(cfList: CfList): Buffer;
  /** Parses 16 CFList bytes. Throws LorawanDecodeError. */
  decodeCfList(bytes: Uint8Array): CfList;
  /** Channels and enabled set of a device right after a join with this CFList (or none). */
  channelsAfterJoin(cfList?: CfList): ChannelState;
  /**
   * Applies one LinkADRReq (ChMaskCntl, ChMask) to the enabled channels. Throws
   * LorawanRegionError for an RFU ChMaskCntl or a mask enabling an undefined channel.
   */
  applyChMask(
    enabled: readonly number[],
    setting: ChMaskSetting,
    definedChannels?: readonly number[],
  ): number[];
  /** Applies a contiguous block of LinkADRReqs in order; also rejects an empty result. */
  applyChMasks(
    enabled: readonly number[],
    settings: readonly ChMaskSetting[],
    definedChannels?: readonly number[],
  ): number[];
  /** The shortest LinkADRReq (ChMaskCntl, ChMask) block that leaves exactly `desired` enabled. */
  chMaskSettingsFor(desired: readonly number[], options?: ChMaskTargetOptions): ChMaskSetting[];
}
