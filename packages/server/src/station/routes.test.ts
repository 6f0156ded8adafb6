/**
 * The LNS endpoints on a real fastify server and real WebSockets (no node around them): what
 * is refused before the upgrade, and how idle or dead connections end.
 */
import { fastify } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Eui64 } from '../shared/ids.js';
import { systemClock } from '../shared/clock.js';
import { StationHub } from './hub.js';
import { stationRoutes } from './routes.js';
import type { StationGateway } from './routes.js';

const GW = 'b827ebfffe6151ad' as Eui64;
const gateways = new Map<string, StationGateway>([[GW, {}]]);

let app: FastifyInstance;
let hub: StationHub;
let base: string;

beforeEach(async () => {
  const log = pino({ level: 'silent' });
  app = fastify();
  hub = new StationHub({ clock: systemClock, log, handleUplinkFrame: () => undefined });
  await stationRoutes(app, {
    hub,
    getGateway: (eui) => Promise.resolve(gateways.get(eui)),
    defaultRegion: 'EU868',
    log,
    pingIntervalMs: 500,
    discoveryTimeoutMs: 100,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  base = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterEach(async () => {
  hub.close();
  await app.close();
});

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => reject(new Error('opened')));
    ws.once('error', () => undefined);
  });
}

describe('/router-<eui>', () => {
  it('refuses an id that is no EUI (400) and an unregistered gateway (404) before the upgrade', async () => {
    expect(await status(`${base}/router-not-an-eui`)).toBe(400);
    expect(await status(`${base}/router-0000000000000bad`)).toBe(404);
    expect(hub.stats.refused).toEqual(
      new Map([
        ['STATION_INVALID_ROUTER', 1],
        ['STATION_UNKNOWN_GATEWAY', 1],
      ]),
    );
  });

  it('drops a connection that stops answering pings; the gateway shows disconnected', async () => {
    const ws = new WebSocket(`${base}/router-b827:ebff:fe61:51ad`, { autoPong: false });
    await new Promise((resolve) => ws.once('open', resolve));
    expect(hub.heardMs(GW)).toBeDefined();
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    // 1006: the server cut the link without a close frame.
    expect(code).toBe(1006);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hub.heardMs(GW)).toBeUndefined();
    expect([...hub.live()]).toEqual([
      expect.objectContaining({ gatewayEui: GW, connected: false }),
    ]);
  });

  it('keeps a connection that answers pings', async () => {
    const ws = new WebSocket(`${base}/router-${GW}`);
    await new Promise((resolve) => ws.once('open', resolve));
    // Three pings answered (the client answers them itself).
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(hub.connections).toBe(1);
    ws.close();
  });
});

describe('/router-info', () => {
  it('closes a discovery connection that asks nothing', async () => {
    const ws = new WebSocket(`${base}/router-info`);
    await new Promise((resolve) => ws.once('open', resolve));
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(1008);
  });

  it('answers a request that is not JSON with an error', async () => {
    const ws = new WebSocket(`${base}/router-info`);
    await new Promise((resolve) => ws.once('open', resolve));
    const answer = new Promise<Record<string, unknown>>((resolve) =>
      ws.once('message', (d: Buffer) =>
        resolve(JSON.parse(d.toString()) as Record<string, unknown>),
      ),
    );
    ws.send('router please');
    expect(await answer).toEqual({ router: null, error: 'message is not JSON' });
  });
});
