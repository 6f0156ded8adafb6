/** Adaptive data rate (ChirpStack-like) and the network channel plan it keeps devices on. */
export type { AdrConfig, AdrDecision } from './adr.js';
export {
  computeAdr,
  defaultAdrConfig,
  initialAdrState,
  linkAdrRequests,
  observeDataRate,
  pushSnr,
} from './adr.js';
export { adrChannelMask, networkCfList, networkChannels } from './channel-plan.js';
export { loraRequiredSnrDb, requiredSnrDb } from './required-snr.js';
