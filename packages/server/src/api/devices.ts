/** `/api/devices`: OTAA devices. devAddr and lastJoin are written by joins only. */
import type { FastifyInstance } from 'fastify';
import type { LnsStore } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { toEui, toKey, toName } from './normalise.js';
import { DeviceCreate, DeviceUpdate } from './schemas/devices.js';

export function devicesRoutes(app: FastifyInstance, store: LnsStore): void {
  registerCrud(app, {
    name: 'devices',
    label: 'device',
    hexFields: ['id', 'joinEui', 'devAddr'],
    parseId: pathId('device', toEui),
    list: (query) => store.devices.list(query),
    get: (id) => store.devices.get(id),
    create: {
      schema: DeviceCreate,
      handler: (body) =>
        store.devices.create({
          id: toEui('id', body.id),
          name: body.name ?? '',
          joinEui: toEui('joinEui', body.joinEui),
          appKey: toKey('appKey', body.appKey),
          profileId: toName('profileId', body.profileId),
        }),
    },
    update: {
      schema: DeviceUpdate,
      handler: (id, body) => {
        const joinEui = body.joinEui === undefined ? undefined : toEui('joinEui', body.joinEui);
        const appKey = body.appKey === undefined ? undefined : toKey('appKey', body.appKey);
        return store.devices.update(id, (d) => ({
          ...d,
          name: body.name ?? d.name,
          joinEui: joinEui ?? d.joinEui,
          appKey: appKey ?? d.appKey,
          profileId:
            body.profileId === undefined ? d.profileId : toName('profileId', body.profileId),
        }));
      },
    },
    remove: (id) => store.devices.remove(id),
  });
}
