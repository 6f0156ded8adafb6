/**
 * The region names the server takes for a profile's or a gateway's `region` and for
 * LNS_REGION (server lorawan/region `regionNames`; the AS923 frequency groups 2-4 by their
 * RP002 names). e2e/regions.test.ts checks the list against the server's.
 */
export const regionNames = [
  'EU868',
  'US915',
  'AU915',
  'AS923',
  'AS923-2',
  'AS923-3',
  'AS923-4',
  'IN865',
  'KR920',
  'CN470',
  'RU864',
  'EU433',
  'CN779',
] as const;

export const regionChoices = regionNames.map((id) => ({ id, name: id }));
