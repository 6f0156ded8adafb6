/**
 * Records shared by the ns unit tests. Test code only; nothing in lns imports it.
 */
import type { DevAddr, Eui64 } from '../../shared/ids.js';
import type { NodeSession, Profile } from '../model.js';

export const DEV_ADDR = '01020304' as DevAddr;
export const DEV_EUI = '0102030405060708' as Eui64;
export const JOIN_EUI = '70b3d57ed0000001' as Eui64;
export const NWK_S_KEY = '2b7e151628aed2a6abf7158809cf4f3c';
export const APP_S_KEY = '000102030405060708090a0b0c0d0e0f';
export const APP_KEY = '00112233445566778899aabbccddeeff';

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

/** An ABP-style session of profile `p1` before its first uplink; override what a test is about. */
export function testSession(overrides: Partial<NodeSession> = {}): NodeSession {
  return {
    id: DEV_ADDR,
    devEui: DEV_EUI,
    profileId: 'p1',
    nwkSKey: NWK_S_KEY,
    appSKey: APP_S_KEY,
    fCntDown: 0,
    ...overrides,
  };
}
