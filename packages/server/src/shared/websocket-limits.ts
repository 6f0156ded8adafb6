/**
 * Options for the one WebSocket server a node runs (@fastify/websocket over `ws`), whichever
 * room registers it first: the admin event stream or the Basics Station endpoints.
 *
 * `ws` accepts 100 MiB messages by default, so one peer could make the node buffer that much
 * before any check runs. What peers send here is small: a Basics Station's updf, jreq,
 * dntxed and timesync messages are a few hundred bytes, the admin stream's client sends
 * nothing. 64 KiB leaves room for any of them; a larger message closes the socket (1009).
 */
export const websocketPluginOptions = {
  options: { maxPayload: 64 * 1024 },
} as const;
