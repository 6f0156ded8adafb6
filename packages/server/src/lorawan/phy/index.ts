/**
 * LoRaWAN 1.0.x PHYPayload codecs [L2 1.0.4 §4, §6.2]: bytes <-> typed frames. Identifiers
 * come out as big-endian hex (DevAddr, Eui64); on-air little-endian stays in here.
 */
export type { DataDownMType, DataMType, DataUpMType, Mhdr, MType } from './mhdr.js';
export {
  MAJOR_LORAWAN_R1,
  decodeMhdr,
  encodeMhdr,
  isDataDownMType,
  isDataUpMType,
} from './mhdr.js';
export type {
  DownlinkFCtrl,
  DownlinkFCtrlInput,
  Fhdr,
  UplinkFCtrl,
  UplinkFCtrlInput,
} from './fhdr.js';
export {
  MAX_FOPTS_BYTES,
  decodeDownlinkFCtrl,
  decodeFhdr,
  decodeUplinkFCtrl,
  encodeDownlinkFCtrl,
  encodeUplinkFCtrl,
} from './fhdr.js';
export type { JoinRequestFields, JoinRequestFrame } from './join-request.js';
export {
  JOIN_REQUEST_BYTES,
  buildJoinRequest,
  decodeJoinRequest,
  encodeJoinRequest,
  verifyJoinRequestMic,
} from './join-request.js';
export type {
  DlSettings,
  JoinAcceptFields,
  JoinAcceptFrame,
  JoinAcceptPlain,
} from './join-accept.js';
export {
  JOIN_ACCEPT_BYTES,
  JOIN_ACCEPT_CFLIST_BYTES,
  buildJoinAccept,
  decodeJoinAccept,
  decodeJoinAcceptPlain,
  decryptJoinAccept,
  encodeJoinAccept,
  encodeJoinAcceptPlain,
  encryptJoinAccept,
  verifyJoinAcceptMic,
} from './join-accept.js';
export type {
  BuildDataFrameInput,
  DataDownFrame,
  DataFrame,
  DataFrameInput,
  DataUpFrame,
  PhyPayload,
  PhyPayloadInput,
  ProprietaryFrame,
} from './phy-payload.js';
export {
  DATA_FRAME_MIN_BYTES,
  MAX_PHY_PAYLOAD_BYTES,
  buildDataFrame,
  dataFrameDirection,
  decodeDataFrame,
  decodePhyPayload,
  encodeDataFrame,
  encodePhyPayload,
  encodeProprietary,
  isDataFrame,
} from './phy-payload.js';
export type { UplinkIdentity } from './peek.js';
export { peekUplinkIdentity } from './peek.js';
