import { describe, expect, it } from 'vitest';
import { getRegion } from '../../lorawan/index.js';
import { adrChannelMask, networkCfList, networkChannels } from './channel-plan.js';

describe('network channel plan', () => {
  it.each(['1.0.2', '1.0.3', '1.0.4'] as const)('EU868 %s: CFList with 867.1-867.9 MHz', (v) => {
    expect(networkCfList(getRegion('EU868'), v)).toEqual({
      type: 0,
      frequenciesHz: [867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000],
    });
    expect(networkChannels(getRegion('EU868'), v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it.each(['US915', 'AU915', 'AS923', 'IN865'] as const)(
    '%s: no CFList, default channels',
    (name) => {
      const region = getRegion(name);
      expect(networkCfList(region, '1.0.3')).toBeUndefined();
      expect(networkChannels(region, '1.0.3')).toEqual(region.channelsAfterJoin().enabled);
    },
  );

  it('ADR masks: "all on" where the region has it, else the shortest block', () => {
    expect(adrChannelMask(getRegion('EU868'), '1.0.3')).toEqual([{ chMaskCntl: 6, chMask: 0xff }]);
    expect(adrChannelMask(getRegion('AS923'), '1.0.3')).toEqual([{ chMaskCntl: 6, chMask: 0x03 }]);
    expect(adrChannelMask(getRegion('US915'), '1.0.3')).toEqual([{ chMaskCntl: 6, chMask: 0xff }]);
  });
});
