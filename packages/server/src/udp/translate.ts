/**
 * GWMP JSON <-> the radio frames the network server works with (shared/radio.ts). The only
 * place outside json.ts that knows GWMP field names; units change here (MHz -> Hz, ...).
 * Split by object: translate/uplink.ts (rxpk), stat.ts, downlink.ts (txpk), common.ts.
 */
export { mhzToHz, hzToMhz, gwmpDataRate } from './translate/common.js';
export { rxpkToUplinkFrame, uplinkFrameToRxpk } from './translate/uplink.js';
export { statToGatewayStats, gatewayStatsToStat } from './translate/stat.js';
export { downlinkFrameToTxpk, txpkToDownlinkFrame } from './translate/downlink.js';
