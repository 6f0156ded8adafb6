/**
 * `/api/gateways`. Stored: name, location, txRfChain, region, stationToken. Live: lastSeen,
 * server, stats, protocol and connected come from the gateway tables of the cluster's nodes.
 */
import type { FastifyInstance } from 'fastify';
import type { Gateway, RegionName } from '../ns/index.js';
import type { LnsStore } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { toEui, toRegion } from './normalise.js';
import { GatewayCreate, GatewayUpdate } from './schemas/gateways.js';
import type { ApiDeps, GatewayLiveInfo } from './types.js';

function location(
  loc: { lat: number; lon: number; alt?: number | undefined } | undefined,
): Gateway['location'] {
  return loc === undefined ? undefined : { lat: loc.lat, lon: loc.lon, alt: loc.alt ?? 0 };
}

/** A written `region`: a region name (400 naming the field otherwise), null, or absent. */
function regionInput(value: string | null | undefined): RegionName | null | undefined {
  return value == null ? value : toRegion('region', value);
}

/** The gateway with `region` as written: a name sets it, null clears it, absent keeps it. */
function withRegion(gateway: Gateway, region: RegionName | null | undefined): Gateway {
  if (region === undefined) return gateway;
  const rest = { ...gateway };
  delete (rest as { region?: RegionName }).region;
  return region === null ? rest : { ...rest, region };
}

export function gatewaysRoutes(
  app: FastifyInstance,
  store: LnsStore,
  server: string,
  listGatewayStatus: ApiDeps['listGatewayStatus'],
): void {
  const live = async (): Promise<(g: Gateway) => Gateway> => {
    if (listGatewayStatus === undefined) return (g) => g;
    const byEui = new Map<string, GatewayLiveInfo>();
    for (const info of await listGatewayStatus()) byEui.set(info.gatewayEui, info);
    return (g) => {
      const info = byEui.get(g.id);
      if (info === undefined) return { ...g, connected: false };
      return {
        ...g,
        lastSeen: info.lastSeen ?? g.lastSeen,
        server: info.server ?? server,
        stats: info.stats ?? g.stats,
        ...(info.protocol === undefined ? {} : { protocol: info.protocol }),
        connected: info.connected ?? false,
      };
    };
  };

  registerCrud(app, {
    name: 'gateways',
    label: 'gateway',
    hexFields: ['id'],
    parseId: pathId('gateway', toEui),
    list: async (query) => store.gateways.list(query, await live()),
    get: async (id) => {
      const gateway = await store.gateways.get(id);
      return gateway === undefined ? undefined : (await live())(gateway);
    },
    create: {
      schema: GatewayCreate,
      handler: (body) =>
        store.gateways.create(
          withRegion(
            {
              id: toEui('id', body.id),
              name: body.name ?? '',
              location: location(body.location),
              txRfChain: body.txRfChain ?? 0,
              ...(body.stationToken === undefined ? {} : { stationToken: body.stationToken }),
            },
            regionInput(body.region),
          ),
        ),
    },
    update: {
      schema: GatewayUpdate,
      handler: (id, body) => {
        const region = regionInput(body.region);
        return store.gateways.update(id, (g) => {
          const { stationToken, ...rest } = g;
          // A token as written replaces the stored one; null removes it; absent keeps it.
          const token = body.stationToken === undefined ? stationToken : body.stationToken;
          return withRegion(
            {
              ...rest,
              name: body.name ?? g.name,
              location: body.location === undefined ? g.location : location(body.location),
              txRfChain: body.txRfChain ?? g.txRfChain,
              ...(token === undefined || token === null ? {} : { stationToken: token }),
            },
            region,
          );
        });
      },
    },
    remove: (id) => store.gateways.remove(id),
  });
}
