/**
 * `/api/nodes`: sessions by DevAddr (POST makes an ABP node) and their downlink queues,
 * `/api/nodes/:id/queue`. Traffic-derived fields (ADR state, battery, margin, lastRx, MAC
 * state) are read-only: a PUT keeps them.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { NodeSession } from '../ns/index.js';
import type { LnsStore } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { ApiError } from './errors.js';
import { contentRange, parseListQuery } from './list-query.js';
import { toBase64, toDevAddr, toKey, toName, toOptionalEui } from './normalise.js';
import { IdParams, ListQuerystring } from './schemas/common.js';
import { NodeCreate, NodeUpdate, QueueCreate } from './schemas/nodes.js';
import { listJson, maybeJson, nodeJson } from './wire.js';

/**
 * Largest FRMPayload of any region and data rate [RP002-1.0.4 §2]: 242 bytes. The network
 * server checks the real limit of the device's data rate when it sends.
 */
export const MAX_DOWNLINK_BYTES = 242;

function withoutUndefined(session: NodeSession): NodeSession {
  return Object.fromEntries(
    Object.entries(session).filter(([, v]) => v !== undefined),
  ) as unknown as NodeSession;
}

export function nodesRoutes(parent: FastifyInstance, store: LnsStore): void {
  const parseId = pathId('node', toDevAddr);
  registerCrud(parent, {
    name: 'nodes',
    label: 'node',
    hexFields: ['id', 'devEui'],
    parseId,
    list: async (query) => listJson(await store.nodes.list(query), nodeJson),
    get: async (id) => maybeJson(await store.nodes.get(id), nodeJson),
    create: {
      schema: NodeCreate,
      handler: async (body) =>
        nodeJson(
          await store.nodes.create(
            withoutUndefined({
              id: toDevAddr('id', body.id),
              devEui: toOptionalEui('devEui', body.devEui),
              profileId: toName('profileId', body.profileId),
              nwkSKey: toKey('nwkSKey', body.nwkSKey),
              appSKey: toKey('appSKey', body.appSKey),
              fCntUp: body.fCntUp ?? undefined,
              fCntDown: body.fCntDown ?? 0,
            }),
          ),
        ),
    },
    update: {
      schema: NodeUpdate,
      handler: async (id, body) => {
        const nwkSKey = body.nwkSKey === undefined ? undefined : toKey('nwkSKey', body.nwkSKey);
        const appSKey = body.appSKey === undefined ? undefined : toKey('appSKey', body.appSKey);
        const devEui = body.devEui === undefined ? undefined : toOptionalEui('devEui', body.devEui);
        const updated = await store.nodes.update(id, (n) =>
          withoutUndefined({
            ...n,
            devEui: body.devEui === undefined ? n.devEui : devEui,
            profileId:
              body.profileId === undefined ? n.profileId : toName('profileId', body.profileId),
            nwkSKey: nwkSKey ?? n.nwkSKey,
            appSKey: appSKey ?? n.appSKey,
            fCntUp: body.fCntUp === undefined ? n.fCntUp : (body.fCntUp ?? undefined),
            fCntDown: body.fCntDown ?? n.fCntDown,
          }),
        );
        return nodeJson(updated);
      },
    },
    remove: async (id) => nodeJson(await store.nodes.remove(id)),
  });

  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/nodes/:id/queue',
    { schema: { params: IdParams, querystring: ListQuerystring } },
    async (request, reply) => {
      const devAddr = toDevAddr('id', parseId(request.params.id));
      const query = parseListQuery(request.query);
      const result = await store.queue.list(devAddr, query);
      const start = query.range?.start ?? 0;
      return reply
        .header('Content-Range', contentRange('queue', start, result.items.length, result.total))
        .send(result.items);
    },
  );

  app.post(
    '/nodes/:id/queue',
    { schema: { params: IdParams, body: QueueCreate } },
    async (request, reply) => {
      const devAddr = toDevAddr('id', parseId(request.params.id));
      const item = await store.queue.enqueue(devAddr, {
        fPort: request.body.fPort,
        data: toBase64('data', request.body.data, MAX_DOWNLINK_BYTES),
        confirmed: request.body.confirmed ?? false,
      });
      return reply.code(201).send(item);
    },
  );

  app.delete(
    '/nodes/:id/queue/:itemId',
    {
      schema: {
        params: Type.Object({
          id: Type.String({ maxLength: 32 }),
          itemId: Type.String({ maxLength: 200 }),
        }),
      },
    },
    async (request) => {
      const devAddr = toDevAddr('id', parseId(request.params.id));
      const item = await store.queue.get(devAddr, request.params.itemId);
      if (item === undefined) {
        throw new ApiError(
          'API_NOT_FOUND',
          `queued downlink ${request.params.itemId} of node ${devAddr} does not exist`,
        );
      }
      await store.queue.remove(devAddr, item.id);
      return item;
    },
  );
}
