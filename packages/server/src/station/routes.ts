/**
 * The LNS protocol endpoints on the node's HTTP port ["The LNS Protocol"]:
 * - `/router-info` (discovery): the Station sends `{"router": <id>}` and gets the URI of its
 *   connection, `{"router","muxs","uri"}`, or `{"router","error"}`; then the socket closes.
 * - `/router-<eui>`: the Station's connection. Refused before the WebSocket opens (HTTP 400,
 *   404, 401) when the id is not an EUI, the gateway is not registered, or its `stationToken`
 *   is set and the `Authorization` header does not carry it.
 */
import { timingSafeEqual } from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Region } from '../lorawan/index.js';
import { gatewayRegion } from '../ns/index.js';
import type { Gateway, RegionName } from '../ns/index.js';
import type { Eui64 } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import { StationMessageError, StationRefusedError } from './errors.js';
import type { StationHub } from './hub.js';
import { id6Of, parseRouterId } from './ids.js';
import { stationJson } from './json.js';
import { decodeRouterInfoRequest } from './messages.js';
import { bump } from './session.js';
import { websocketPluginOptions } from '../shared/websocket-limits.js';

/**
 * What a Station connection needs to know of the gateway record: its region (the channel plan
 * and DR table it is configured with, read through ns's `gatewayRegion`) and its token.
 */
export interface StationGateway extends Pick<Gateway, 'region'> {
  readonly stationToken?: string | undefined;
}

export interface StationRoutesDeps {
  readonly hub: StationHub;
  readonly getGateway: (gatewayEui: Eui64) => Promise<StationGateway | undefined>;
  /** The node's region (LNS_REGION), for gateways without one. */
  readonly defaultRegion: RegionName;
  readonly log: Logger;
  /** Timers as below, shorter in tests. */
  readonly pingIntervalMs?: number;
  readonly discoveryTimeoutMs?: number;
}

/** The identity of this LNS endpoint in discovery answers (ID6; lns has one per cluster). */
const MUXS_ID = 'muxs-::0';
/** WebSocket close codes: 1000 normal, 1008 policy violation. */
const CLOSE_NORMAL = 1000;
const CLOSE_POLICY = 1008;
/** A discovery connection that sends nothing this long is closed. */
const DISCOVERY_TIMEOUT_MS = 30_000;
/**
 * A connection is pinged this often; one that did not answer the previous ping is dropped, so
 * a gateway that lost power shows as not connected within two intervals.
 */
const PING_INTERVAL_MS = 30_000;

const HTTP_STATUS: Readonly<Record<StationRefusedError['code'], number>> = {
  STATION_INVALID_ROUTER: 400,
  STATION_UNKNOWN_GATEWAY: 404,
  STATION_UNAUTHORIZED: 401,
};

/**
 * Whether the request carries the gateway's token. A Station sends its `tc.key` lines as
 * HTTP headers, e.g. `Authorization: <token>`; `Bearer <token>` is taken too.
 */
export function presentsToken(gateway: StationGateway, authorization: string | undefined): boolean {
  const token = gateway.stationToken;
  if (token === undefined || token === '') return true;
  if (authorization === undefined) return false;
  const given = authorization.trim();
  const candidate = given.toLowerCase().startsWith('bearer ') ? given.slice(7).trim() : given;
  return equalSecret(given, token) || equalSecret(candidate, token);
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `ws` or `wss` as the Station reached this node: directly over TLS, or through a
 * TLS-terminating proxy that says so in X-Forwarded-Proto.
 */
function scheme(request: FastifyRequest): 'ws' | 'wss' {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (proto === 'https' || proto === 'wss') return 'wss';
  if (proto === 'http' || proto === 'ws') return 'ws';
  return request.protocol === 'https' ? 'wss' : 'ws';
}

/** The Station wants an explicit port in the URI; the Host header leaves the default out. */
function hostWithPort(host: string, secure: boolean): string {
  return /:\d+$/.test(host) && !host.endsWith(']') ? host : `${host}:${secure ? 443 : 80}`;
}

export function connectionUri(request: FastifyRequest, gatewayEui: Eui64): string {
  const s = scheme(request);
  const host = hostWithPort(request.headers.host ?? request.hostname, s === 'wss');
  return `${s}://${host}/router-${gatewayEui}`;
}

interface Accepted {
  readonly gatewayEui: Eui64;
  readonly region: Region;
}

export async function stationRoutes(app: FastifyInstance, deps: StationRoutesDeps): Promise<void> {
  const { hub, log } = deps;
  if (!app.hasDecorator('websocketServer')) await app.register(websocket, websocketPluginOptions);
  const accepted = new WeakMap<FastifyRequest, Accepted>();
  /** Gateways whose refusal was logged at warn already; later ones go to debug. */
  const logged = new Set<string>();

  const refuse = (err: StationRefusedError, gateway: string): void => {
    bump(hub.stats.refused, err.code);
    const key = `${err.code}/${gateway}`;
    if (!logged.has(key) && logged.size < 10_000) {
      logged.add(key);
      log.warn({ err, gatewayEui: gateway }, 'station refused');
    } else {
      log.debug({ code: err.code, gatewayEui: gateway }, 'station refused');
    }
  };

  /** Finds the gateway and checks its token; throws StationRefusedError. */
  const admit = async (gatewayEui: Eui64, authorization: string | undefined): Promise<Region> => {
    const gateway = await deps.getGateway(gatewayEui);
    if (gateway === undefined) {
      throw new StationRefusedError('STATION_UNKNOWN_GATEWAY', 'gateway not registered', {
        gatewayEui,
      });
    }
    if (!presentsToken(gateway, authorization)) {
      throw new StationRefusedError('STATION_UNAUTHORIZED', 'wrong or missing station token', {
        gatewayEui,
      });
    }
    return gatewayRegion(gateway, deps.defaultRegion);
  };

  app.get('/router-info', { websocket: true }, (socket, request) => {
    const idle = setTimeout(
      () => socket.close(CLOSE_POLICY, 'no discovery request'),
      deps.discoveryTimeoutMs ?? DISCOVERY_TIMEOUT_MS,
    );
    idle.unref();
    socket.once('close', () => clearTimeout(idle));
    socket.once('message', (data: Buffer, isBinary: boolean) => {
      clearTimeout(idle);
      void (async () => {
        let answer: Record<string, unknown>;
        let router: Eui64 | undefined;
        try {
          if (isBinary) throw new StationMessageError('STATION_UNSUPPORTED', 'binary message');
          router = decodeRouterInfoRequest(data.toString('utf8'));
          await admit(router, request.headers.authorization);
          answer = { router: id6Of(router), muxs: MUXS_ID, uri: connectionUri(request, router) };
        } catch (err) {
          if (err instanceof StationRefusedError) refuse(err, router ?? '');
          else if (err instanceof StationMessageError) bump(hub.stats.dropped, err.code);
          else log.error({ err }, 'station discovery failed');
          const reason = err instanceof Error ? err.message : 'discovery failed';
          answer = { router: router === undefined ? null : id6Of(router), error: reason };
        }
        try {
          socket.send(stationJson(answer), () => socket.close(CLOSE_NORMAL, ''));
        } catch (err) {
          log.debug({ err }, 'station discovery answer not sent');
        }
      })();
    });
  });

  app.get(
    '/router-:id',
    {
      websocket: true,
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        const { id } = request.params as { id: string };
        const gatewayEui = parseRouterId(decodeURIComponent(id));
        try {
          if (gatewayEui === undefined) {
            throw new StationRefusedError('STATION_INVALID_ROUTER', 'not a gateway EUI', {
              router: id.slice(0, 40),
            });
          }
          const region = await admit(gatewayEui, request.headers.authorization);
          accepted.set(request, { gatewayEui, region });
        } catch (err) {
          if (!(err instanceof StationRefusedError)) throw err;
          refuse(err, gatewayEui ?? id.slice(0, 40));
          await reply.code(HTTP_STATUS[err.code]).send({ code: err.code, message: err.message });
        }
      },
    },
    (socket, request) => {
      const admitted = accepted.get(request);
      if (admitted === undefined) {
        socket.close(CLOSE_POLICY, 'not admitted');
        return;
      }
      const session = hub.attach(admitted.gatewayEui, admitted.region, {
        send: (text) => socket.send(text),
        close: (code, reason) => socket.close(code, reason),
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        try {
          if (isBinary) session.onBinary();
          else session.onText(data.toString('utf8'));
        } catch (err) {
          log.error({ err, gatewayEui: admitted.gatewayEui }, 'station message failed');
        }
      });
      let answered = true;
      socket.on('pong', () => (answered = true));
      const ping = setInterval(() => {
        if (!answered) {
          log.info({ gatewayEui: admitted.gatewayEui }, 'station did not answer a ping');
          socket.terminate();
          return;
        }
        answered = false;
        socket.ping();
      }, deps.pingIntervalMs ?? PING_INTERVAL_MS);
      ping.unref();
      socket.on('close', () => {
        clearInterval(ping);
        hub.detach(session);
      });
      socket.on('error', (err) => {
        log.debug({ err, gatewayEui: admitted.gatewayEui }, 'station socket failed');
      });
    },
  );
}
