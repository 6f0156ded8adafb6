/** `/api/profiles`: device profiles (region, MAC version, class, RX windows, FCnt check). */
import type { FastifyInstance } from 'fastify';
import { regionProfileDefaults } from '../ns/index.js';
import type { Profile, RegionName } from '../ns/index.js';
import type { LnsStore } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { toName, toRegion } from './normalise.js';
import { ProfileCreate, ProfileUpdate } from './schemas/profiles.js';

export function profilesRoutes(
  app: FastifyInstance,
  store: LnsStore,
  defaultRegion: RegionName,
): void {
  registerCrud(app, {
    name: 'profiles',
    label: 'profile',
    parseId: pathId('profile', toName),
    list: (query) => store.profiles.list(query),
    get: (id) => store.profiles.get(id),
    create: {
      schema: ProfileCreate,
      handler: (body) => {
        const region = toRegion('region', body.region ?? defaultRegion);
        const defaults = regionProfileDefaults(region);
        const profile: Profile = {
          id: toName('id', body.id),
          name: body.name ?? body.id,
          region,
          macVersion: body.macVersion ?? '1.0.3',
          deviceClass: body.deviceClass ?? 'A',
          adr: body.adr ?? true,
          rx1Delay: body.rx1Delay ?? defaults.rx1Delay,
          rx1DrOffset: body.rx1DrOffset ?? 0,
          rx2Dr: body.rx2Dr ?? defaults.rx2Dr,
          rx2Freq: body.rx2Freq ?? defaults.rx2Freq,
          fcntCheck: body.fcntCheck ?? 'strict32',
        };
        return store.profiles.create(profile);
      },
    },
    update: {
      schema: ProfileUpdate,
      handler: (id, body) => {
        const region = body.region === undefined ? undefined : toRegion('region', body.region);
        return store.profiles.update(id, (p) => ({
          ...p,
          name: body.name ?? p.name,
          region: region ?? p.region,
          macVersion: body.macVersion ?? p.macVersion,
          deviceClass: body.deviceClass ?? p.deviceClass,
          adr: body.adr ?? p.adr,
          rx1Delay: body.rx1Delay ?? p.rx1Delay,
          rx1DrOffset: body.rx1DrOffset ?? p.rx1DrOffset,
          rx2Dr: body.rx2Dr ?? p.rx2Dr,
          rx2Freq: body.rx2Freq ?? p.rx2Freq,
          fcntCheck: body.fcntCheck ?? p.fcntCheck,
        }));
      },
    },
    remove: (id) => store.profiles.remove(id),
  });
}
