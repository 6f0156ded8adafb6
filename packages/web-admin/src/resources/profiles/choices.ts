/** Choices of the profile fields (server api/schemas/profiles.ts); regions: ../../regions.ts. */
export { regionChoices } from '../../regions';

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
