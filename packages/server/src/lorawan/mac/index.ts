/**
 * MAC command codec for LoRaWAN 1.0.4 class A [L2 1.0.4 §5]: bytes <-> typed commands, for
 * FOpts and FPort 0 payloads. What the commands *do* lives in ns/mac. Choices: README.md.
 */
export type { MacDirection } from './cid.js';
export {
  MacCid,
  MAC_FOPTS_MAX_LENGTH,
  MAC_PAYLOAD_LENGTH,
  PROPRIETARY_CID_MIN,
  isKnownMacCid,
  macPayloadLength,
} from './cid.js';
export type {
  DecodedMacCommand,
  DownlinkMacCommand,
  MacCommand,
  MacCommandName,
  UnparsedMacCommands,
  UplinkMacCommand,
} from './commands.js';
export type { EncodeMacCommandsOptions } from './codec.js';
export {
  decodeMacCommands,
  encodeFOptsMacCommands,
  encodeMacCommands,
  macCommandLength,
} from './codec.js';
export type { LinkCheckAns, LinkCheckReq } from './link-check.js';
export type { LinkAdrAns, LinkAdrReq } from './link-adr.js';
export { chMaskChannels, chMaskFromChannels } from './link-adr.js';
export type { DutyCycleAns, DutyCycleReq } from './duty-cycle.js';
export type { RxParamSetupAns, RxParamSetupReq } from './rx-param-setup.js';
export type { DevStatusAns, DevStatusReq } from './dev-status.js';
export { BATTERY_EXTERNAL_POWER, BATTERY_UNKNOWN } from './dev-status.js';
export type { NewChannelAns, NewChannelReq } from './new-channel.js';
export type { RxTimingSetupAns, RxTimingSetupReq } from './rx-timing-setup.js';
export type { TxParamSetupAns, TxParamSetupReq } from './tx-param-setup.js';
export { MAX_EIRP_INDEX_DBM } from './tx-param-setup.js';
export type { DlChannelAns, DlChannelReq } from './dl-channel.js';
export type { DeviceTimeAns, DeviceTimeReq } from './device-time.js';
export { deviceTimeAnsFromGpsMs, gpsMsFromDeviceTimeAns } from './device-time.js';
