import { describe, expect, it } from 'vitest';
import { as923VariantNames, getRegion, regionNames } from '../lorawan/index.js';
import type { Region } from '../lorawan/index.js';
import { gatewayChannels, sx1301Conf } from './channel-plan.js';
import { routerConfig } from './router-config.js';
import {
  EU863_DRS,
  EU868_CHANNELS_HZ,
  US902_DRS,
  US915_SUB_BAND_2_HZ,
  listenedChannels,
} from './testing/documented.js';
import type { Sx1301Board } from './testing/documented.js';

describe('router_config', () => {
  it('EU868: the documentation’s EU863 example, 8 channels', () => {
    const config = routerConfig(getRegion('EU868'));
    expect(config).toMatchObject({
      msgtype: 'router_config',
      region: 'EU863',
      hwspec: 'sx1301/1',
      freq_range: [863000000, 870000000],
      NetID: null,
      JoinEui: null,
      max_eirp: 16,
      DRs: EU863_DRS,
    });
    const [board] = config.sx1301_conf as Sx1301Board[];
    expect(listenedChannels(board!)).toEqual(EU868_CHANNELS_HZ);
  });

  it('US915: the documentation’s US902 DR table, sub-band 2 and its 500 kHz channel', () => {
    const config = routerConfig(getRegion('US915'));
    expect(config).toMatchObject({
      region: 'US902',
      freq_range: [902000000, 928000000],
      max_eirp: 30,
      DRs: US902_DRS,
    });
    const [board] = config.sx1301_conf as Sx1301Board[];
    expect(listenedChannels(board!)).toEqual(US915_SUB_BAND_2_HZ);
    expect(board!.chan_Lora_std).toMatchObject({ bandwidth: 500000, spread_factor: 8 });
  });

  const all: Region[] = [
    ...regionNames.map((n) => getRegion(n)),
    ...as923VariantNames.map((n) => getRegion(n)),
  ];
  it.each(all.map((r) => [r.commonName, r] as const))(
    '%s: every gateway channel is served by one SX1301 and lies in freq_range',
    (_name, region) => {
      const config = routerConfig(region);
      const [min, max] = config.freq_range as [number, number];
      const channels = listenedChannels((config.sx1301_conf as Sx1301Board[])[0]!);
      expect(channels).toEqual(
        gatewayChannels(region)
          .map((c) => c.frequencyHz)
          .sort((a, b) => a - b),
      );
      expect(channels.length).toBeGreaterThanOrEqual(2);
      for (const f of channels) {
        expect(f).toBeGreaterThanOrEqual(min);
        expect(f).toBeLessThanOrEqual(max);
      }
      expect(config.DRs).toHaveLength(16);
    },
  );

  it('throws when two radios cannot cover the channels (a plan bug)', () => {
    const far = [868e6, 869e6, 870e6].map((frequencyHz) => ({
      frequencyHz,
      bandwidthHz: 125_000,
      spreadingFactor: undefined,
    }));
    expect(() => sx1301Conf(far)).toThrow('two radios cannot serve these channels');
  });
});
