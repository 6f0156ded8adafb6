import { describe, expect, it } from 'vitest';
import { as923VariantNames, getRegion, regionNames } from '../lorawan/index.js';
import type { Region } from '../lorawan/index.js';
import { gatewayChannels, sx1301Conf } from './channel-plan.js';
import { routerConfig } from './router-config.js';

type Board = Record<string, { enable: boolean; radio?: number; if?: number; freq?: number }>;

/** Frequencies the board listens on, checking each modem sits where the SX1301 can take it. */
function listened(board: Board): number[] {
  const out: number[] = [];
  for (const [name, c] of Object.entries(board)) {
    if (!name.startsWith('chan_') || !c.enable) continue;
    const radio = board[`radio_${c.radio ?? -1}`];
    expect(radio?.enable).toBe(true);
    // SX1301: 125 kHz channels within 400 kHz of the radio centre, 500 kHz ones within 300 kHz.
    expect(Math.abs(c.if!)).toBeLessThanOrEqual(name === 'chan_Lora_std' ? 300_000 : 400_000);
    out.push(radio!.freq! + c.if!);
  }
  return out.sort((a, b) => a - b);
}

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
      DRs: [
        [12, 125, 0],
        [11, 125, 0],
        [10, 125, 0],
        [9, 125, 0],
        [8, 125, 0],
        [7, 125, 0],
        [7, 250, 0],
        [0, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
      ],
    });
    const [board] = config.sx1301_conf as Board[];
    expect(listened(board!)).toEqual([
      867.1e6, 867.3e6, 867.5e6, 867.7e6, 867.9e6, 868.1e6, 868.3e6, 868.5e6,
    ]);
  });

  it('US915: the documentation’s US902 DR table, sub-band 2 and its 500 kHz channel', () => {
    const config = routerConfig(getRegion('US915'));
    expect(config).toMatchObject({
      region: 'US902',
      freq_range: [902000000, 928000000],
      max_eirp: 30,
      DRs: [
        [10, 125, 0],
        [9, 125, 0],
        [8, 125, 0],
        [7, 125, 0],
        [8, 500, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [-1, 0, 0],
        [12, 500, 1],
        [11, 500, 1],
        [10, 500, 1],
        [9, 500, 1],
        [8, 500, 1],
        [7, 500, 1],
        [-1, 0, 0],
        [-1, 0, 0],
      ],
    });
    const [board] = config.sx1301_conf as Board[];
    // RP002-1.0.4 §2.5.2: channels 8-15 (902.3 + 0.2 n MHz) and 65 (903.0 + 1.6 n MHz).
    expect(listened(board!)).toEqual([
      903.9e6, 904.1e6, 904.3e6, 904.5e6, 904.6e6, 904.7e6, 904.9e6, 905.1e6, 905.3e6,
    ]);
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
      const channels = listened((config.sx1301_conf as Board[])[0]!);
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
