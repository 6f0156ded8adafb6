/** The cluster port: the TCP listener every peer, joiner and control link comes in on. */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { hostname } from 'node:os';
import { SyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import { formatAddress } from '../transport/index.js';

/** The port of the cluster when none is given. */
export const DEFAULT_PORT = 4370;

/** A bound listener and the address peers are told to dial. */
export interface Listening {
  readonly server: Server;
  readonly advertised: string;
}

/**
 * Listens on `host:port` (0.0.0.0:4370 by default) and hands every socket to `onSocket`.
 * `advertise` ending in `:0` takes the bound port; without one, this host's name. Throws
 * SYNC_LISTEN_FAILED (with the errno) when the port cannot be bound.
 */
export async function listen(
  options: {
    readonly host?: string | undefined;
    readonly port?: number | undefined;
    readonly advertise?: string | undefined;
  },
  onSocket: (socket: Socket) => void,
  log: Logger,
): Promise<Listening> {
  const host = options.host ?? '0.0.0.0';
  const port = options.port ?? DEFAULT_PORT;
  const server = createServer(onSocket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new SyncError(
          'SYNC_LISTEN_FAILED',
          `cannot listen on ${formatAddress(host, port)}: ${err.code ?? err.message}`,
          { host, port, errno: err.code ?? null },
          { cause: err },
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
  server.on('error', (err) => log.error({ err }, 'cluster listener failed'));
  const bound = (server.address() as AddressInfo).port;
  const given = options.advertise;
  let advertised: string;
  if (given === undefined) {
    const advHost = host === '0.0.0.0' || host === '::' ? hostname() : host;
    advertised = formatAddress(advHost, bound);
  } else {
    advertised = given.endsWith(':0') ? `${given.slice(0, -2)}:${bound}` : given;
  }
  return { server, advertised };
}
