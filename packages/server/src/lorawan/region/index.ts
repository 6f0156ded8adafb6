/**
 * Regional parameters [RP002-1.0.4]: look a region up by name, plus the types and shared
 * helpers. Region tables are data in one file per region; see README.md for the choices made.
 */
import { LorawanRegionError } from '../errors.js';
import { as923Groups } from './as923.js';
import { au915 } from './au915.js';
import { cn470 } from './cn470.js';
import { cn779 } from './cn779.js';
import { eu433 } from './eu433.js';
import { eu868 } from './eu868.js';
import { in865 } from './in865.js';
import { kr920 } from './kr920.js';
import type { As923VariantName, Region, RegionName } from './region.js';
import { ru864 } from './ru864.js';
import { us915 } from './us915.js';

export type * from './region.js';
export type { DrTable, DynamicPlanData, FixedPlanData, RegionData } from './region-data.js';
export { defineRegion } from './define-region.js';
export { regionToJson } from './tables.js';
export type { RegionTablesJson } from './tables.js';

const regions: Readonly<Record<RegionName, Region>> = {
  EU868: eu868,
  US915: us915,
  AU915: au915,
  AS923: as923Groups['AS923-1'],
  'AS923-2': as923Groups['AS923-2'],
  'AS923-3': as923Groups['AS923-3'],
  'AS923-4': as923Groups['AS923-4'],
  IN865: in865,
  KR920: kr920,
  CN470: cn470,
  RU864: ru864,
  EU433: eu433,
  CN779: cn779,
};

/** Every region name lns accepts (profiles, gateways, LNS_REGION), AS923 groups included. */
export const regionNames: readonly RegionName[] = Object.freeze(
  Object.keys(regions) as RegionName[],
);

/** The AS923 frequency groups, selectable by their RP002 common name. */
export const as923VariantNames: readonly As923VariantName[] = Object.freeze(
  Object.keys(as923Groups) as As923VariantName[],
);

/** Whether a string is a RegionName (case-sensitive, as in config and profiles). */
export function isRegionName(s: string): s is RegionName {
  return Object.hasOwn(regions, s);
}

/** The region for a name or an AS923 group name. Throws LorawanRegionError when unknown. */
export function getRegion(name: RegionName | As923VariantName): Region {
  if (Object.hasOwn(regions, name)) return regions[name as RegionName];
  if (Object.hasOwn(as923Groups, name)) return as923Groups[name as As923VariantName];
  throw new LorawanRegionError('unknown region', { region: String(name) });
}
