/**
 * The region a gateway's radio traffic is read with before the device is known: the gateway's
 * own `region`, else the node's default (LNS_REGION). It names the data-rate indexes and the
 * channel plan the gateway itself speaks (a Basics Station reports uplinks as DR indexes and
 * is configured with a channel plan). Everything about a device (its DR index, RX1/RX2, ADR,
 * CFList, MAC commands, max payload) follows its profile's region instead, so one node serves
 * devices of every region at once.
 */
import { getRegion } from '../lorawan/index.js';
import type { Region, RegionName } from '../lorawan/index.js';
import type { Gateway } from './model.js';

/** The name of the gateway's region: its own, else `defaultRegion`. */
export function gatewayRegionName(
  gateway: Pick<Gateway, 'region'> | undefined,
  defaultRegion: RegionName,
): RegionName {
  return gateway?.region ?? defaultRegion;
}

/** The gateway's region tables: its own region, else `defaultRegion` (LNS_REGION). */
export function gatewayRegion(
  gateway: Pick<Gateway, 'region'> | undefined,
  defaultRegion: RegionName,
): Region {
  return getRegion(gatewayRegionName(gateway, defaultRegion));
}
