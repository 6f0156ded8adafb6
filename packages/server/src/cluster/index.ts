/**
 * The cluster as ONE network server [DESIGN "The cluster as one network server"]: device
 * ownership by rendezvous hash, uplink forwarding to the owner, downlink relay to the node
 * holding the gateway, the FCntDown gap on takeover, and drain. ns never imports this room:
 * it sees the DownlinkSender and DeviceOwnership ports the room implements.
 */
export { ClusterRoom } from './room.js';
export type { ClusterRoomDeps } from './room.js';
export type { LocalDownlinks, DownlinkRelayStats } from './downlink-relay.js';
export type { UplinkRoutingStats, LocalUplinkHandler } from './uplink-router.js';
export type { PeerChannel, PeerInfo } from './port.js';
export { GatewayPresence, mergeGatewayLive } from './gateway-presence.js';
export { TOPICS } from './port.js';
export { OwnershipView, devAddrKey, devEuiKey } from './ownership.js';
export { defaultTakeoverConfig } from './takeover.js';
export type { TakeoverConfig } from './takeover.js';
export {
  ClusterMessageError,
  ClusterPeerUnreachableError,
  ClusterUnknownNodeError,
  clusterErrorCodes,
} from './errors.js';
export { peerChannelOf } from './db-sync-port.js';
export { clusterControl } from './control.js';
