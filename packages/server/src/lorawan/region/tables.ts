/**
 * A region's tables as plain JSON: what the golden files under golden/ hold, and what the API
 * can show an operator. Maps become objects keyed by DR; functions are left out.
 */
import type { DataRate } from '../../shared/radio.js';
import type { Channel, ChMaskCntlRule, MaxPayload, Region, RegionDataRate } from './region.js';

type DataRateJson = DataRate & { readonly uplink: boolean; readonly downlink: boolean };

/** JSON shape of `regionToJson`. */
export interface RegionTablesJson {
  readonly name: string;
  readonly commonName: string;
  readonly channelPlan: string;
  readonly frequencyRangeHz: { readonly minHz: number; readonly maxHz: number };
  readonly dataRates: Record<string, DataRateJson>;
  readonly maxPayload: Record<string, MaxPayload>;
  readonly maxPayloadRepeaterCompatible: Record<string, MaxPayload>;
  readonly dwellTimeMaxPayload: Record<string, MaxPayload> | null;
  readonly rx1DrOffsetTable: Record<string, readonly number[]>;
  readonly dwellTimeRx1DrOffsetTable: Record<string, readonly number[]> | null;
  readonly uplinkChannels: readonly Channel[];
  readonly downlinkChannels: readonly Channel[];
  /** Uplink channel index -> RX1 downlink channel index (fixed plans only). */
  readonly rx1ChannelIndex: readonly number[] | null;
  readonly maxChannels: number;
  readonly rx2Default: { readonly frequencyHz: number; readonly dataRate: number };
  readonly receiveDelay1S: number;
  readonly receiveDelay2S: number;
  readonly joinAcceptDelay1S: number;
  readonly joinAcceptDelay2S: number;
  readonly defaultMaxEirpDbm: number;
  readonly txPowerOffsetsDb: readonly number[];
  readonly cfListType: number;
  readonly cfListDrRange: { readonly minDr: number; readonly maxDr: number } | null;
  readonly chMaskCntl: Record<string, ChMaskCntlRule>;
}

function objectOf<T, U>(map: ReadonlyMap<number, T>, f: (value: T, key: number) => U) {
  const out: Record<string, U> = {};
  for (const [key, value] of map) out[String(key)] = f(value, key);
  return out;
}

function dataRateJson(entry: RegionDataRate): DataRateJson {
  return { ...entry.dataRate, uplink: entry.uplink, downlink: entry.downlink };
}

/** Every table of a region as JSON-ready data (stable key order). */
export function regionToJson(region: Region): RegionTablesJson {
  const rx1ChannelIndex =
    region.channelPlan === 'fixed'
      ? region.uplinkChannels.map((_, i) => region.rx1ChannelIndex(i))
      : null;
  const dwellTimeRx1 = new Map<number, readonly number[]>();
  for (const [dr, row] of region.rx1DrOffsetTable) {
    const dwellRow = row.map((_, offset) =>
      region.rx1DataRate(dr, offset, { downlinkDwellTime: true }),
    );
    if (dwellRow.some((value, i) => value !== row[i])) dwellTimeRx1.set(dr, dwellRow);
  }
  return {
    name: region.name,
    commonName: region.commonName,
    channelPlan: region.channelPlan,
    frequencyRangeHz: region.frequencyRangeHz,
    dataRates: objectOf(region.dataRates, dataRateJson),
    maxPayload: objectOf(region.maxPayload, (size) => size),
    maxPayloadRepeaterCompatible: objectOf(region.maxPayload, (_, dr) =>
      region.maxPayloadSize(dr, { repeaterCompatible: true }),
    ),
    dwellTimeMaxPayload:
      region.dwellTimeMaxPayload === undefined
        ? null
        : objectOf(region.dwellTimeMaxPayload, (size) => size),
    rx1DrOffsetTable: objectOf(region.rx1DrOffsetTable, (row) => row),
    dwellTimeRx1DrOffsetTable:
      dwellTimeRx1.size === 0
        ? null
        : objectOf(region.rx1DrOffsetTable, (row, dr) => dwellTimeRx1.get(dr) ?? row),
    uplinkChannels: region.uplinkChannels,
    downlinkChannels: region.downlinkChannels,
    rx1ChannelIndex,
    maxChannels: region.maxChannels,
    rx2Default: region.rx2Default,
    receiveDelay1S: region.receiveDelay1S,
    receiveDelay2S: region.receiveDelay2S,
    joinAcceptDelay1S: region.joinAcceptDelay1S,
    joinAcceptDelay2S: region.joinAcceptDelay2S,
    defaultMaxEirpDbm: region.defaultMaxEirpDbm,
    txPowerOffsetsDb: region.txPowerOffsetsDb,
    cfListType: region.cfListType,
    cfListDrRange: region.cfListDrRange ?? null,
    chMaskCntl: objectOf(region.chMaskCntlRules, (rule) => rule),
  };
}
