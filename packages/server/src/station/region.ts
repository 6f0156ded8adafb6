/**
 * The region a gateway works in. The ONE place a Station reads it: the gateway's own `region`
 * when the record has one (absent or null: none), else the node's default (`LNS_REGION`).
 * An unknown name falls back to the default, so a record written by a newer version never
 * stops a gateway from connecting.
 */
import { as923VariantNames, getRegion, isRegionName } from '../lorawan/index.js';
import type { As923VariantName, Region } from '../lorawan/index.js';

/** What a gateway record says about its region. */
export interface RegionOfGateway {
  readonly region?: string | null | undefined;
}

function regionNamed(name: string | null | undefined): Region | undefined {
  if (name === undefined || name === null) return undefined;
  if (isRegionName(name)) return getRegion(name);
  if ((as923VariantNames as readonly string[]).includes(name)) {
    return getRegion(name as As923VariantName);
  }
  return undefined;
}

export function gatewayRegion(gateway: RegionOfGateway, defaultRegion: Region): Region {
  return regionNamed(gateway.region) ?? defaultRegion;
}
