/**
 * The lookup step data uplinks and join-requests share: the profile a session or device names,
 * with its region, or the `unknown_profile` drop.
 */
import { getRegion, isRegionName } from '../../lorawan/index.js';
import type { Region } from '../../lorawan/index.js';
import type { Profile } from '../model.js';
import { Drop } from './step.js';

/** Who names the profile: a node (session, by DevAddr) or a device (by DevEUI). */
export interface ProfileOwner {
  readonly noun: 'node' | 'device';
  readonly id: string;
  readonly profileId: string;
}

/** The profile and its region, or the drop when it is missing or its region is unknown. */
export function resolveProfile(
  owner: ProfileOwner,
  profile: Profile | undefined,
): { readonly profile: Profile; readonly region: Region } | Drop {
  if (profile !== undefined && isRegionName(profile.region)) {
    return { profile, region: getRegion(profile.region) };
  }
  return new Drop('unknown_profile', {
    kind: 'unknown_profile',
    severity: 'error',
    entity: owner.id,
    text:
      profile === undefined
        ? `${owner.noun} ${owner.id} has unknown profile ${owner.profileId}`
        : `profile ${profile.id} has unknown region ${profile.region}`,
    rateLimited: true,
  });
}
