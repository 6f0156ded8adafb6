/**
 * The network server: the only entry to ns/ for the rest of lns (app.ts wires it, store/
 * implements its ports, api/ and integrations/ read its records and events).
 */
export type * from './model.js';
export type * from './ports.js';
export { soleOwnership, txAckStatuses } from './ports.js';
export type { NsConfig } from './config.js';
export { defaultNsConfig } from './config.js';
export * from './downlink/index.js';
export { NsConfigError, NsDevAddrExhaustedError, NsInternalError, nsErrorCodes } from './errors.js';
export { NetworkServer, defaultNetworkServerTuning } from './network-server.js';
export type { NetworkServerDeps, NetworkServerTuning } from './network-server.js';
export { allocateDevAddr, devAddrSpace, isDevAddrIn } from './uplink/index.js';
export type { DevAddrSpace } from './uplink/index.js';
export { defaultUplinkQueueLimits } from './uplink/uplink-queue.js';
export type { ShedReason, UplinkQueueLimits } from './uplink/uplink-queue.js';
export { addPendingRequests, utcMsToGpsMs } from './mac/index.js';
export { defaultAdrConfig, networkCfList } from './adr/index.js';
export type { AdrConfig } from './adr/index.js';
export { isRegionName, regionProfileDefaults } from './profile.js';
export { gatewayRegion, gatewayRegionName } from './gateway-region.js';
export type { RegionName } from './profile.js';
