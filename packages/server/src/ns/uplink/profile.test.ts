import { describe, expect, it } from 'vitest';
import { testProfile } from '../testing/records.js';
import { resolveProfile } from './profile.js';
import { Drop } from './step.js';

const node = { noun: 'node', id: '01020304', profileId: 'p1' } as const;

describe('resolveProfile', () => {
  it('gives the profile and its region', () => {
    const resolved = resolveProfile(node, testProfile());
    expect(resolved).not.toBeInstanceOf(Drop);
    expect(resolved instanceof Drop ? undefined : resolved.region.name).toBe('EU868');
  });

  it('drops with unknown_profile naming the owner when the profile is missing', () => {
    const drop = resolveProfile(
      { noun: 'device', id: '0102030405060708', profileId: 'gone' },
      undefined,
    );
    expect(drop).toBeInstanceOf(Drop);
    expect(drop instanceof Drop && drop.event).toMatchObject({
      kind: 'unknown_profile',
      severity: 'error',
      entity: '0102030405060708',
      text: 'device 0102030405060708 has unknown profile gone',
    });
  });

  it('drops with unknown_profile when the region is unknown', () => {
    const profile = { ...testProfile(), region: 'XX000' } as unknown as ReturnType<
      typeof testProfile
    >;
    const drop = resolveProfile(node, profile);
    expect(drop instanceof Drop && drop.reason).toBe('unknown_profile');
    expect(drop instanceof Drop && drop.event?.text).toBe('profile p1 has unknown region XX000');
  });
});
