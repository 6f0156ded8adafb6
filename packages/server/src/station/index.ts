/**
 * LoRa Basics Station gateways over the LNS protocol (WebSocket on the HTTP port): discovery,
 * the muxs connection, uplinks into the same pipeline as UDP copies, downlinks as `dnmsg`.
 * The message codec and the mappings are pure; session.ts, hub.ts and routes.ts hold the
 * sockets.
 */
export { StationHub } from './hub.js';
export type { StationGatewayLive, StationHubDeps } from './hub.js';
export { defaultStationTuning } from './session.js';
export type { StationStats, StationTuning } from './session.js';
export { stationRoutes, presentsToken } from './routes.js';
export type { StationGateway, StationRoutesDeps } from './routes.js';
export { routerConfig, stationDrTable, stationRegionName } from './router-config.js';
export { parseRouterId, id6Of, dashedEui } from './ids.js';
export {
  StationMessageError,
  StationRefusedError,
  StationPlanError,
  stationErrorCodes,
} from './errors.js';
