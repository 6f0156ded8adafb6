/**
 * What a profile takes from its region: the region names a profile may carry and the RX
 * defaults of a profile created without them. ns owns this so api/ needs no region tables.
 */
import { getRegion, isRegionName } from '../lorawan/index.js';
import type { RegionName } from '../lorawan/index.js';
import type { Profile } from './model.js';

export { isRegionName };
export type { RegionName };

/** The region's own RECEIVE_DELAY1 and RX2 channel [RP002-1.0.4]. */
export function regionProfileDefaults(
  region: RegionName,
): Pick<Profile, 'rx1Delay' | 'rx2Dr' | 'rx2Freq'> {
  const r = getRegion(region);
  return {
    rx1Delay: r.receiveDelay1S,
    rx2Dr: r.rx2Default.dataRate,
    rx2Freq: r.rx2Default.frequencyHz,
  };
}
