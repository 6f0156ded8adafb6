/** `/api/users`: the password is write-only (hashed by the store, never returned). */
import type { FastifyInstance } from 'fastify';
import type { LnsStore } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { toName } from './normalise.js';
import { UserCreate, UserUpdate } from './schemas/users.js';

export function usersRoutes(app: FastifyInstance, store: LnsStore): void {
  registerCrud(app, {
    name: 'users',
    label: 'user',
    parseId: pathId('user', toName),
    list: (query) => store.users.list(query),
    get: (id) => store.users.get(id),
    create: {
      schema: UserCreate,
      handler: (body) =>
        store.users.create({ id: toName('id', body.id), role: body.role, password: body.password }),
    },
    update: {
      schema: UserUpdate,
      handler: (id, body) => store.users.update(id, { role: body.role, password: body.password }),
    },
    remove: (id) => store.users.remove(id),
  });
}
