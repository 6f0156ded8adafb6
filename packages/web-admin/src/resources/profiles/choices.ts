/** Choices of the profile fields (server lorawan/region and api/schemas/profiles.ts). */
export const regionChoices = [
  'EU868',
  'US915',
  'AU915',
  'AS923',
  'IN865',
  'KR920',
  'CN470',
  'RU864',
  'EU433',
  'CN779',
].map((id) => ({ id, name: id }));

export const macVersionChoices = ['1.0.2', '1.0.3', '1.0.4'].map((id) => ({
  id,
  name: `LoRaWAN ${id}`,
}));

export const deviceClassChoices = [
  { id: 'A', name: 'Class A' },
  { id: 'C', name: 'Class C' },
];

export const fcntCheckChoices = [
  { id: 'strict32', name: 'strict (32-bit, never goes back)' },
  { id: 'reset-allowed', name: 'reset allowed (ABP devices restarting at 0)' },
  { id: 'disabled', name: 'disabled (testing only)' },
];
