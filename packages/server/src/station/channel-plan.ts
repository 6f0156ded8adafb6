/**
 * Which uplink channels a Station gateway listens on, and how its SX1301 is set up for them
 * (`sx1301_conf` of router_config): two radios, each centred so that every channel it serves
 * lies within its intermediate-frequency range, eight multi-SF LoRa modems and one
 * single-SF "LoRa standard" modem for a wide channel. Pure.
 */
import type { Channel, Region } from '../lorawan/index.js';
import { networkCfList } from '../ns/index.js';
import { StationPlanError } from './errors.js';

/** One uplink channel the gateway demodulates. */
export interface PlanChannel {
  readonly frequencyHz: number;
  readonly bandwidthHz: number;
  /** Set for the single-SF wide channel (chan_Lora_std); multi-SF channels decode SF7-12. */
  readonly spreadingFactor: number | undefined;
}

/** An SX1301 has eight multi-SF modems [SX1301 datasheet §3]. */
const MULTI_SF_MODEMS = 8;

/**
 * Largest |IF offset| of a channel from its radio's centre, by channel bandwidth: the radio's
 * usable band (925 kHz for 125 kHz channels, 1.1 MHz for 500 kHz ones, as the SX1301 HAL
 * checks) minus the channel's own width, halved.
 */
const MAX_IF_HZ: Readonly<Record<number, number>> = {
  125_000: 400_000,
  250_000: 375_000,
  500_000: 300_000,
};

function loraOf(region: Region, channel: Channel): { sf: number; bw: number } | undefined {
  for (let dr = channel.minDr; dr <= channel.maxDr; dr++) {
    const rate = region.dataRates.get(dr)?.dataRate;
    if (rate?.modulation === 'LORA') return { sf: rate.spreadingFactor, bw: rate.bandwidthHz };
  }
  return undefined;
}

/**
 * The channels of a region a gateway listens on. Dynamic plans: the channels every device of
 * this network has after its join (the region's defaults and, in EU868, the CFList ones), the
 * same list ADR keeps on. Fixed plans (US915, AU915, CN470): the eight 125 kHz channels 8-15
 * ("sub-band 2", the common 8-channel setup of The Things Stack and ChirpStack) and the wide
 * channel between them.
 */
export function gatewayChannels(region: Region): PlanChannel[] {
  const narrow = (c: Channel): PlanChannel | undefined => {
    const lora = loraOf(region, c);
    return lora === undefined
      ? undefined
      : { frequencyHz: c.frequencyHz, bandwidthHz: lora.bw, spreadingFactor: undefined };
  };
  if (region.channelPlan === 'dynamic') {
    const state = region.channelsAfterJoin(networkCfList(region, '1.0.4'));
    return state.enabled
      .map((i) => state.channels.get(i))
      .filter((c): c is Channel => c !== undefined)
      .map(narrow)
      .filter((c): c is PlanChannel => c !== undefined)
      .slice(0, MULTI_SF_MODEMS);
  }
  const subBand = region.uplinkChannels
    .slice(8, 16)
    .map(narrow)
    .filter((c): c is PlanChannel => c !== undefined && c.bandwidthHz === 125_000);
  const low = Math.min(...subBand.map((c) => c.frequencyHz));
  const high = Math.max(...subBand.map((c) => c.frequencyHz));
  for (const c of region.uplinkChannels) {
    const lora = loraOf(region, c);
    if (lora === undefined || lora.bw === 125_000) continue;
    if (c.frequencyHz > low && c.frequencyHz < high) {
      subBand.push({ frequencyHz: c.frequencyHz, bandwidthHz: lora.bw, spreadingFactor: lora.sf });
      break;
    }
  }
  return subBand;
}

/** The centre frequency serving every channel of `group`, or undefined when none can. */
function radioCentre(group: readonly PlanChannel[]): number | undefined {
  let lo = -Infinity;
  let hi = Infinity;
  for (const c of group) {
    const maxIf = MAX_IF_HZ[c.bandwidthHz];
    if (maxIf === undefined) return undefined;
    lo = Math.max(lo, c.frequencyHz - maxIf);
    hi = Math.min(hi, c.frequencyHz + maxIf);
  }
  return lo <= hi ? Math.round((lo + hi) / 2) : undefined;
}

type IfChannel = { enable: false } | { enable: true; radio: number; if: number };

/**
 * The `sx1301_conf` object of one board for these channels. Throws StationPlanError when two
 * radios cannot cover them (a region whose plan does not fit one SX1301: a bug, not input).
 */
export function sx1301Conf(channels: readonly PlanChannel[]): Record<string, unknown> {
  const sorted = [...channels].sort((a, b) => a.frequencyHz - b.frequencyHz);
  for (let split = sorted.length; split >= 1; split--) {
    const first = sorted.slice(0, split);
    const second = sorted.slice(split);
    const c0 = radioCentre(first);
    const c1 = second.length === 0 ? undefined : radioCentre(second);
    if (c0 === undefined || (second.length > 0 && c1 === undefined)) continue;
    const placed = (c: PlanChannel): IfChannel => {
      const inFirst = first.includes(c);
      const centre = inFirst ? c0 : (c1 as number);
      return { enable: true, radio: inFirst ? 0 : 1, if: c.frequencyHz - centre };
    };
    const multi = channels.filter((c) => c.spreadingFactor === undefined);
    const std = channels.find((c) => c.spreadingFactor !== undefined);
    const conf: Record<string, unknown> = {
      radio_0: { enable: true, freq: c0 },
      radio_1: c1 === undefined ? { enable: false, freq: 0 } : { enable: true, freq: c1 },
    };
    for (let i = 0; i < MULTI_SF_MODEMS; i++) {
      const c = multi[i];
      conf[`chan_multiSF_${i}`] = c === undefined ? { enable: false } : placed(c);
    }
    conf.chan_Lora_std =
      std === undefined
        ? { enable: false }
        : { ...placed(std), bandwidth: std.bandwidthHz, spread_factor: std.spreadingFactor };
    conf.chan_FSK = { enable: false };
    return conf;
  }
  throw new StationPlanError('two radios cannot serve these channels', {
    channels: channels.map((c) => c.frequencyHz).join(','),
  });
}
