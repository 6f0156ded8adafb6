/**
 * `/api/frames` and `/api/events`: read-only, newest first unless sorted otherwise. Each node
 * answers for its own log (SPEC: the cluster merges the nodes' answers).
 */
import type { FastifyInstance } from 'fastify';
import type { LnsStore } from '../store/index.js';
import { clusterList } from './cluster-reads.js';
import type { ClusterReadDeps } from './cluster-reads.js';
import { pathId, registerCrud } from './crud.js';
import { toGeneratedId } from './normalise.js';
import { frameJson, listJson, maybeJson } from './wire.js';

export function framesRoutes(app: FastifyInstance, store: LnsStore, reads: ClusterReadDeps): void {
  registerCrud(app, {
    name: 'frames',
    label: 'frame',
    hexFields: ['devAddr', 'devEui', 'gateway'],
    parseId: pathId('frame', toGeneratedId),
    list: clusterList(
      'frames',
      async (query) => listJson(await store.frames.list(query), frameJson),
      reads,
    ),
    get: async (id) => maybeJson(await store.frames.get(id), frameJson),
  });
}

export function eventsRoutes(app: FastifyInstance, store: LnsStore, reads: ClusterReadDeps): void {
  registerCrud(app, {
    name: 'events',
    label: 'event',
    hexFields: ['entity'],
    parseId: pathId('event', toGeneratedId),
    list: clusterList('events', (query) => store.events.list(query), reads),
    get: (id) => store.events.get(id),
  });
}
