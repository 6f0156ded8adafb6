/**
 * The channels this network asks devices to use. Profiles carry only a region, so the plan is
 * the region's default channels plus, where a common gateway setup exists, a CFList.
 */
import { chMaskFromChannels } from '../../lorawan/index.js';
import type { CfList, ChMaskSetting, Region, RegionName } from '../../lorawan/index.js';
import type { MacVersion } from '../model.js';

/**
 * Extra channels a join-accept adds (type-0 CFList). EU868: 867.1-867.9 MHz, the five
 * channels every 8-channel EU868 gateway listens on besides the three defaults (Semtech
 * reference `global_conf.json`, ChirpStack `region_eu868.toml`). Other regions have no single
 * common layout, so their devices keep the default channels.
 */
const EXTRA_CHANNELS_HZ: Partial<Record<RegionName, readonly number[]>> = {
  EU868: [867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000],
};

/** The CFList a join-accept carries, or undefined when there is none for this region/version. */
export function networkCfList(region: Region, macVersion: MacVersion): CfList | undefined {
  const extra = EXTRA_CHANNELS_HZ[region.name];
  if (extra === undefined || region.cfListType !== 0 || !region.supportsCfList(macVersion)) {
    return undefined;
  }
  return { type: 0, frequenciesHz: extra };
}

/** Channel indexes a device of this network has enabled after a join. */
export function networkChannels(region: Region, macVersion: MacVersion): readonly number[] {
  return region.channelsAfterJoin(networkCfList(region, macVersion)).enabled;
}

/**
 * The ChMask block of an ADR LinkADRReq: keep every network channel on. Dynamic plans use
 * ChMaskCntl "all channels on" [RP002-1.0.4 §2.4.5], which turns on whatever channels the
 * device has defined, so ABP devices with fewer channels accept it too; the mask then lists
 * the network's channels for stacks that read it anyway.
 */
export function adrChannelMask(region: Region, macVersion: MacVersion): ChMaskSetting[] {
  const channels = networkChannels(region, macVersion);
  for (const [chMaskCntl, rule] of region.chMaskCntlRules) {
    if (rule.kind === 'all-on') {
      return [{ chMaskCntl, chMask: chMaskFromChannels(channels.filter((ch) => ch < 16)) }];
    }
  }
  return region.chMaskSettingsFor(channels, { definedChannels: channels });
}
