export { formatAddress, parseAddress } from './address.js';
export type { HostPort } from './address.js';
export {
  FrameDecoder,
  MAX_FRAME_BYTES,
  MESSAGE_FRAME_TYPE,
  TOPIC_PATTERN,
  decodeFrameBody,
  encodeFrame,
  encodeMessageFrame,
} from './frame.js';
export type { Message } from './frame.js';
export { PROTOCOL_VERSION, acceptLink, dialLink, isRefusal } from './handshake.js';
export type {
  AcceptOptions,
  DialOptions,
  HandshakeIdentity,
  PeerHello,
  Refusal,
  RefusalReason,
} from './handshake.js';
export { Link, WRITE_HIGH_WATER_BYTES } from './link.js';
export type { LinkClose, LinkPurpose, LinkTiming, PeerInfo } from './link.js';
