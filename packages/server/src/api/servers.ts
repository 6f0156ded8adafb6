/**
 * `/api/servers` (SPEC): the cluster's nodes. POST `{"address":"host:port"}` makes the node
 * running there join through this one (its data is saved aside and replaced by the
 * cluster's); DELETE removes a node everywhere, even an unreachable one. `/api/cluster` adds
 * what `lns cluster status|push` need, `/api/servers/<name>/drain` what `lns cluster drain` does: the cluster id, this node's state and per-table digests.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { queryArray } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { auditAs } from './audit.js';
import { ApiError } from './errors.js';
import { toName } from './normalise.js';
import type { ClusterControl, ServerRecord } from './types.js';

const ServerCreate = Type.Object(
  {
    address: Type.String({
      minLength: 3,
      maxLength: 260,
      description: 'cluster address (LNS_ADVERTISE) of a running node, host:port',
    }),
  },
  { additionalProperties: false },
);

export function serversRoutes(
  app: FastifyInstance,
  cluster: ClusterControl | undefined,
  thisNode: () => ServerRecord,
): void {
  const servers = (): ServerRecord[] => cluster?.servers() ?? [thisNode()];
  const need = (): ClusterControl => {
    if (cluster) return cluster;
    throw new ApiError('API_NOT_FOUND', 'this node runs without a cluster side');
  };
  registerCrud(app, {
    name: 'servers',
    label: 'server',
    parseId: pathId('server', toName),
    list: (query) => Promise.resolve(queryArray(servers(), query)),
    get: (id) => Promise.resolve(servers().find((s) => s.id === id)),
    create: {
      schema: ServerCreate,
      handler: (body) => need().addServer(body.address.trim()),
    },
    remove: async (id) => {
      const record = servers().find((s) => s.id === id);
      if (record === undefined) {
        throw new ApiError('API_NOT_FOUND', `server ${id} is not a member of this cluster`, { id });
      }
      await need().removeServer(id);
      return record;
    },
  });

  app.get('/cluster', async () => {
    const c = need();
    return { id: c.clusterId, state: c.state, node: thisNode().id, digests: await c.digests() };
  });

  app.post('/cluster/push', async (request) => {
    const result = await need().push();
    auditAs(request, { action: 'pushed the data of', label: 'server', id: thisNode().id });
    return result;
  });

  // Drains a node: it stops owning devices at once and exits after LNS_DRAIN_S (SPEC drain).
  app.post<{ Params: { id: string } }>('/servers/:id/drain', async (request, reply) => {
    const c = need();
    const record = servers().find((s) => s.id === request.params.id);
    if (record === undefined) {
      throw new ApiError(
        'API_NOT_FOUND',
        `server ${request.params.id} is not a member of this cluster`,
        {
          id: request.params.id,
        },
      );
    }
    c.drainServer(record.id);
    auditAs(request, { action: 'drained', label: 'server', id: record.id });
    return reply.code(202).send({ ...record, status: 'leaving' });
  });
}
