/**
 * The downlink side of the network server: class A answers (data and join-accept) in RX1/RX2,
 * class C sends, TX_ACK handling. Entry for app.ts and the uplink side; see README.md.
 */
export type { ClassARequest, DownlinkScheduler, ReceivedUplink } from './types.js';
export type { ClassADownlinkSchedulerOptions } from './scheduler.js';
export { ClassADownlinkScheduler } from './scheduler.js';
export type { ClassCDispatcher } from './class-c.js';
export { attachClassC } from './class-c.js';
export type {
  ClassAWindowInput,
  ClassAWindows,
  DownlinkWindowName,
  RxWindow,
} from './rx-windows.js';
export {
  DOWNLINK_CODING_RATE,
  classAWindows,
  classCWindow,
  dataRx1DelayS,
  downlinkTxPowerDbm,
  isWindowReachable,
  uplinkDataRateIndex,
  windowOpensAtMs,
  windowTimestampUs,
} from './rx-windows.js';
export type {
  DataDownlinkComposition,
  DataDownlinkContent,
  DataDownlinkInput,
  TooLargeDownlink,
} from './data-downlink.js';
export { classAAnswerDue, composeDataDownlink, encodeDataDownlink } from './data-downlink.js';
export { nextFCntDown } from './send-data.js';
export type { TxAckAction } from './tx-ack.js';
export { describeTxAck, txAckAction } from './tx-ack.js';
