/**
 * Records shared by the ns unit tests. Test code only; nothing in lns imports it.
 */
import type { Profile } from '../model.js';

/** An EU868 class A profile with LoRaWAN defaults; override what a test is about. */
export function testProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: 'p1',
    name: 'EU868 class A',
    region: 'EU868',
    macVersion: '1.0.3',
    deviceClass: 'A',
    adr: false,
    rx1Delay: 1,
    rx1DrOffset: 0,
    rx2Dr: 0,
    rx2Freq: 869_525_000,
    fcntCheck: 'strict32',
    ...overrides,
  };
}
