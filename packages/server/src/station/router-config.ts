/**
 * The `router_config` message that sets a Station up for its region ["The LNS Protocol",
 * "Radio configuration"]: the region's DR table as [SF, BW kHz, DNONLY] (FSK [0, 0, 0],
 * undefined and LR-FHSS [-1, 0, 0]; 16 entries), the band edges, the SX1301 channel plan, and
 * no NetID / JoinEUI filters (lns takes every DevAddr and JoinEUI it has registered). Pure.
 */
import type { Region } from '../lorawan/index.js';
import { gatewayChannels, sx1301Conf } from './channel-plan.js';

/** The Station's DR table always has 16 entries (DR0-15). */
const DR_SLOTS = 16;

/**
 * The Station's names for the regions it applies rules to (duty cycle in EU863, listen
 * before talk in KR920, US902 power); the others are taken as lns names them.
 */
const STATION_REGION_NAMES: Readonly<Record<string, string>> = {
  EU868: 'EU863',
  US915: 'US902',
  AS923: 'AS923',
};

export function stationRegionName(region: Region): string {
  return STATION_REGION_NAMES[region.name] ?? region.name;
}

/** `DRs`: [SF, BW in kHz, 1 if downlink only] per data-rate index. */
export function stationDrTable(region: Region): [number, number, number][] {
  const table: [number, number, number][] = [];
  for (let dr = 0; dr < DR_SLOTS; dr++) {
    const entry = region.dataRates.get(dr);
    const rate = entry?.dataRate;
    if (entry === undefined || rate === undefined) table.push([-1, 0, 0]);
    else if (rate.modulation === 'LORA') {
      table.push([rate.spreadingFactor, rate.bandwidthHz / 1000, entry.uplink ? 0 : 1]);
    } else if (rate.modulation === 'FSK') table.push([0, 0, 0]);
    else table.push([-1, 0, 0]);
  }
  return table;
}

/** The router_config message (without MuxTime, which the session adds when it sends). */
export function routerConfig(region: Region): Record<string, unknown> {
  return {
    msgtype: 'router_config',
    NetID: null,
    JoinEui: null,
    region: stationRegionName(region),
    hwspec: 'sx1301/1',
    freq_range: [region.frequencyRangeHz.minHz, region.frequencyRangeHz.maxHz],
    DRs: stationDrTable(region),
    sx1301_conf: [sx1301Conf(gatewayChannels(region))],
    max_eirp: region.defaultMaxEirpDbm,
    // Regulatory limits stay on: these switches are for a Station's lab tests.
    nocca: false,
    nodc: false,
    nodwell: false,
    bcning: null,
  };
}
