/**
 * Turns a region's plain data (region-data.ts) into a `Region`: every function is written once
 * here and reads only the data, so the region files hold tables and nothing else.
 */
import type { DataRate } from '../../shared/radio.js';
import { LorawanRegionError } from '../errors.js';
import { decodeCfListBytes, encodeChannelMaskCfList, encodeFrequencyCfList } from './cf-list.js';
import { applyChMasksWith, applyChMaskWith, chMaskSettingsForWith } from './channel-mask.js';
import type {
  CfList,
  Channel,
  ChannelState,
  ChMaskCntlRule,
  MaxPayload,
  Region,
  RegionDataRate,
} from './region.js';
import type { DrTable, RegionData } from './region-data.js';

/** FRMPayload bytes with empty FOpts = MACPayload - MHDR-less FHDR (7) - FPort (1). */
const MAC_OVERHEAD_BYTES = 8;
/** Repeater-compatible regions cap M at 230 so a repeater can add its own header [RP002-1.0.4 §2.x.6]. */
const REPEATER_MAX_M = 230;

function toMap<T>(table: DrTable<T>): ReadonlyMap<number, T> {
  return new Map(
    Object.entries(table)
      .map(([key, value]): [number, T] => [Number(key), value])
      .sort(([a], [b]) => a - b),
  );
}

function maxPayloadOf(m: number): MaxPayload {
  return { m, n: m - MAC_OVERHEAD_BYTES };
}

function toMaxPayloadMap(table: DrTable<number>): ReadonlyMap<number, MaxPayload> {
  return new Map([...toMap(table)].map(([dr, m]) => [dr, maxPayloadOf(m)]));
}

/**
 * Coding rates compared as reduced fractions: stacks spell LR-FHSS CR 1/3 and 2/3 as `1/3`,
 * `2/6`, `2/3` or `4/6`.
 */
function canonicalCodingRate(rate: string): string {
  const match = /^(\d+)\/(\d+)$/.exec(rate);
  if (!match) return rate;
  const num = Number(match[1]);
  const den = Number(match[2]);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(num, den) || 1;
  return `${num / g}/${den / g}`;
}

function sameModulation(a: DataRate, b: DataRate): boolean {
  switch (a.modulation) {
    case 'LORA':
      return (
        b.modulation === 'LORA' &&
        a.spreadingFactor === b.spreadingFactor &&
        a.bandwidthHz === b.bandwidthHz
      );
    case 'FSK':
      return b.modulation === 'FSK' && a.bitrateBps === b.bitrateBps;
    case 'LR-FHSS':
      return (
        b.modulation === 'LR-FHSS' &&
        a.occupiedChannelWidthHz === b.occupiedChannelWidthHz &&
        canonicalCodingRate(a.codingRate) === canonicalCodingRate(b.codingRate)
      );
  }
}

/** `1.0.2` -> [1, 0, 2]; throws for anything that is not a LoRaWAN L2 version. */
function parseMacVersion(macVersion: string): readonly [number, number, number] {
  const match = /^1\.([01])(?:\.(\d))?$/.exec(macVersion);
  if (!match) throw new LorawanRegionError('unknown LoRaWAN version', { macVersion });
  return [1, Number(match[1]), Number(match[2] ?? 0)];
}

/** Builds a Region from its data; see region.ts for what each member means. */
export function defineRegion(data: RegionData): Region {
  const plan = data.channelPlan;
  const dataRates = toMap(data.dataRates);
  const maxPayload = toMaxPayloadMap(data.maxMacPayload);
  const dwellTimeMaxPayload =
    data.dwellTimeMaxMacPayload === undefined
      ? undefined
      : toMaxPayloadMap(data.dwellTimeMaxMacPayload);
  const rx1DrOffsetTable = toMap(data.rx1DrTable);
  const dwellTimeRx1 =
    data.dwellTimeRx1DrTable === undefined ? undefined : toMap(data.dwellTimeRx1DrTable);
  const chMaskCntlRules: ReadonlyMap<number, ChMaskCntlRule> = toMap(data.chMaskCntlRules);
  const uplinkChannels = plan.kind === 'dynamic' ? plan.defaultChannels : plan.uplinkChannels;
  const downlinkChannels = plan.kind === 'dynamic' ? plan.defaultChannels : plan.downlinkChannels;
  const maxChannels = plan.kind === 'dynamic' ? plan.maxChannels : plan.uplinkChannels.length;
  const cfListType = plan.kind === 'dynamic' ? 0 : 1;
  const defaultDefined = uplinkChannels.map((_, i) => i);
  const { minHz, maxHz } = data.frequencyRangeHz;

  const findDataRate = (dataRate: DataRate, uplink: boolean): number | undefined => {
    for (const [dr, entry] of dataRates) {
      if ((uplink ? entry.uplink : entry.downlink) && sameModulation(entry.dataRate, dataRate)) {
        return dr;
      }
    }
    return undefined;
  };

  const dataRate = (dr: number): RegionDataRate => {
    const entry = dataRates.get(dr);
    if (entry === undefined) {
      throw new LorawanRegionError('data rate not defined in region', { region: data.name, dr });
    }
    return entry;
  };

  const checkInBand = (frequencyHz: number): void => {
    if (!Number.isFinite(frequencyHz) || frequencyHz < minHz || frequencyHz > maxHz) {
      throw new LorawanRegionError('frequency outside region band', {
        region: data.name,
        frequencyHz,
      });
    }
  };

  const uplinkChannelIndex = (
    frequencyHz: number,
    channels: readonly Channel[] = uplinkChannels,
  ): number => {
    const index = channels.findIndex((ch) => ch.frequencyHz === frequencyHz);
    if (index < 0) {
      throw new LorawanRegionError('no uplink channel on this frequency', {
        region: data.name,
        frequencyHz,
      });
    }
    return index;
  };

  const rx1ChannelIndex = (uplinkIndex: number): number => {
    if (!Number.isInteger(uplinkIndex) || uplinkIndex < 0 || uplinkIndex >= maxChannels) {
      throw new LorawanRegionError('uplink channel index out of range', {
        region: data.name,
        channel: uplinkIndex,
      });
    }
    // [RP002-1.0.4 §2.5.7] fixed plans: RX1 channel = uplink channel modulo the downlink
    // channel count (8 for US915/AU915, 48 for CN470); dynamic plans answer on the same channel.
    return plan.kind === 'fixed' ? uplinkIndex % plan.downlinkChannels.length : uplinkIndex;
  };

  const channelsAfterJoin = (cfList?: CfList): ChannelState => {
    if (cfList !== undefined && cfList.type !== cfListType) {
      throw new LorawanRegionError('cfList type not used in this region', {
        region: data.name,
        cfListType: cfList.type,
      });
    }
    const channels = new Map<number, Channel>(uplinkChannels.map((ch, i) => [i, ch]));
    if (plan.kind === 'dynamic') {
      if (cfList?.type === 0) {
        encodeFrequencyCfList(cfList.frequenciesHz, data.frequencyRangeHz);
        // [RP002-1.0.4 §2.4.4] CFList frequencies define the channels after the default ones;
        // a 0 leaves that channel undefined.
        cfList.frequenciesHz.forEach((frequencyHz, i) => {
          if (frequencyHz === 0) return;
          channels.set(plan.defaultChannels.length + i, { frequencyHz, ...plan.cfListDrRange });
        });
      }
      return { channels, enabled: [...channels.keys()].sort((a, b) => a - b) };
    }
    if (cfList?.type === 1) {
      encodeChannelMaskCfList(cfList.enabledChannels, uplinkChannels.length);
      const enabled = [...new Set(cfList.enabledChannels)].sort((a, b) => a - b);
      if (enabled.length === 0) {
        throw new LorawanRegionError('cfList enables no channel', { region: data.name });
      }
      return { channels, enabled };
    }
    return { channels, enabled: defaultDefined };
  };

  const region: Region = {
    name: data.name,
    commonName: data.commonName,
    channelPlan: plan.kind,
    frequencyRangeHz: data.frequencyRangeHz,
    dataRates,
    maxPayload,
    dwellTimeMaxPayload,
    defaultChannels: uplinkChannels,
    uplinkChannels,
    downlinkChannels,
    maxChannels,
    rx1DrOffsetTable,
    rx2Default: data.rx2Default,
    receiveDelay1S: data.receiveDelay1S,
    receiveDelay2S: data.receiveDelay2S,
    joinAcceptDelay1S: data.joinAcceptDelay1S,
    joinAcceptDelay2S: data.joinAcceptDelay2S,
    defaultMaxEirpDbm: data.defaultMaxEirpDbm,
    txPowerOffsetsDb: data.txPowerOffsetsDb,
    cfListType,
    cfListDrRange: plan.kind === 'dynamic' ? plan.cfListDrRange : undefined,
    chMaskCntlRules,

    uplinkDataRateIndex: (dr) => findDataRate(dr, true),
    downlinkDataRateIndex: (dr) => findDataRate(dr, false),
    dataRate,

    maxPayloadSize(dr, options = {}) {
      dataRate(dr);
      const table =
        options.dwellTime === true && dwellTimeMaxPayload !== undefined
          ? dwellTimeMaxPayload
          : maxPayload;
      const size = table.get(dr);
      if (size === undefined) {
        throw new LorawanRegionError('data rate not allowed', {
          region: data.name,
          dr,
          dwellTime: options.dwellTime === true,
        });
      }
      return options.repeaterCompatible === true && size.m > REPEATER_MAX_M
        ? maxPayloadOf(REPEATER_MAX_M)
        : size;
    },

    rx1DataRate(uplinkDr, rx1DrOffset, options = {}) {
      const table =
        options.downlinkDwellTime === true && dwellTimeRx1 !== undefined
          ? dwellTimeRx1
          : rx1DrOffsetTable;
      const row = table.get(uplinkDr);
      if (row === undefined) {
        throw new LorawanRegionError('no RX1 data rate for this uplink data rate', {
          region: data.name,
          dr: uplinkDr,
        });
      }
      const rx1Dr = Number.isInteger(rx1DrOffset) ? row[rx1DrOffset] : undefined;
      if (rx1Dr === undefined) {
        throw new LorawanRegionError('rx1DrOffset out of range', {
          region: data.name,
          rx1DrOffset,
          maxOffset: row.length - 1,
        });
      }
      return rx1Dr;
    },

    rx1FrequencyHz(uplinkFrequencyHz) {
      checkInBand(uplinkFrequencyHz);
      if (plan.kind === 'dynamic') return uplinkFrequencyHz;
      const downlink =
        plan.downlinkChannels[rx1ChannelIndex(uplinkChannelIndex(uplinkFrequencyHz))];
      if (downlink === undefined) throw new LorawanRegionError('no downlink channel');
      return downlink.frequencyHz;
    },

    uplinkChannelIndex,
    rx1ChannelIndex,

    txPowerEirpDbm(txPowerIndex, maxEirpDbm = data.defaultMaxEirpDbm) {
      const offset = Number.isInteger(txPowerIndex)
        ? data.txPowerOffsetsDb[txPowerIndex]
        : undefined;
      if (offset === undefined) {
        throw new LorawanRegionError('txPower index not defined in region', {
          region: data.name,
          txPower: txPowerIndex,
        });
      }
      return maxEirpDbm + offset;
    },

    supportsCfList(macVersion) {
      const [, minor, patch] = parseMacVersion(macVersion);
      // Fixed-plan regions got CFListType 1 with Regional Parameters 1.0.3rA / 1.1rA; a 1.0.2 or
      // older device would read the masks as frequencies.
      return plan.kind === 'dynamic' || minor >= 1 || patch >= 3;
    },

    encodeCfList(cfList) {
      if (cfList.type !== cfListType) {
        throw new LorawanRegionError('cfList type not used in this region', {
          region: data.name,
          cfListType: cfList.type,
        });
      }
      if (cfList.type === 0) {
        if (
          plan.kind === 'dynamic' &&
          plan.defaultChannels.length + cfList.frequenciesHz.length > plan.maxChannels
        ) {
          throw new LorawanRegionError('cfList exceeds the channel count', { region: data.name });
        }
        return encodeFrequencyCfList(cfList.frequenciesHz, data.frequencyRangeHz);
      }
      return encodeChannelMaskCfList(cfList.enabledChannels, uplinkChannels.length);
    },

    decodeCfList: (bytes) => decodeCfListBytes(bytes, cfListType, uplinkChannels.length),
    channelsAfterJoin,

    applyChMask: (enabled, setting, defined = defaultDefined) =>
      applyChMaskWith(chMaskCntlRules, enabled, setting, defined),
    applyChMasks: (enabled, settings, defined = defaultDefined) =>
      applyChMasksWith(chMaskCntlRules, enabled, settings, defined),
    chMaskSettingsFor: (desired, options = {}) =>
      chMaskSettingsForWith(
        chMaskCntlRules,
        desired,
        options.definedChannels ?? defaultDefined,
        options.current,
        options.allowBanks === true,
      ),
  };
  return Object.freeze(region);
}
