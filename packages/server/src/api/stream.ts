/**
 * `GET /api/stream`: a WebSocket carrying every integration event as one JSON text message
 * (SPEC "Integration event"). Credentials as for any API route, or `?token=` since browsers
 * cannot set headers on a WebSocket.
 */
import type { FastifyInstance } from 'fastify';
import type { EventFeed } from './types.js';
import type { Logger } from '../shared/logger.js';

/**
 * Bytes a client may leave unread before events for it are dropped: about a thousand events,
 * so a slow browser tab loses live updates instead of growing this node's memory.
 */
export const MAX_STREAM_BUFFER_BYTES = 1 << 20;

export function streamRoutes(app: FastifyInstance, bus: EventFeed, log: Logger): void {
  // logLevel warn: the request line would otherwise put the query token into the log.
  app.get(
    '/stream',
    { websocket: true, logLevel: 'warn', config: { queryToken: true } },
    (socket) => {
      let dropped = 0;
      const unsubscribe = bus.subscribe((event) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_STREAM_BUFFER_BYTES) {
          if (dropped === 0) log.warn('stream client too slow, dropping events');
          dropped += 1;
          return;
        }
        socket.send(JSON.stringify(event));
      });
      socket.on('close', unsubscribe);
      socket.on('error', (err) => {
        log.debug({ err }, 'stream socket failed');
        unsubscribe();
      });
    },
  );
}
