export { formatAddress, parseAddress } from './address.js';
export type { HostPort } from './address.js';
export {
  FrameDecoder,
  MAX_FRAME_BYTES,
  MAX_HANDSHAKE_FRAME_BYTES,
  MESSAGE_FRAME_TYPE,
  TOPIC_PATTERN,
  decodeFrameBody,
  encodeFrame,
  encodeMessageFrame,
} from './frame.js';
export type { Message } from './frame.js';
export { acceptLink, dialLink } from './handshake.js';
export type { AcceptOptions, DialOptions } from './handshake.js';
export { PROTOCOL_VERSION } from './handshake-messages.js';
export type { HandshakeIdentity, PeerHello } from './handshake-messages.js';
export { isRefusal, refuseConnection } from './refusal.js';
export type { Refusal, RefusalReason } from './refusal.js';
export { Link, WRITE_HIGH_WATER_BYTES } from './link.js';
export { Mailbox } from './mailbox.js';
export type { LinkClose, LinkPurpose, LinkTiming, PeerInfo } from './link.js';
