/**
 * The typed MAC commands of LoRaWAN 1.0.4 class A [L2 1.0.4 §5], gathered from one file per
 * command pair, and the table that maps (direction, CID) and name to each codec.
 */
import type { MacDirection } from './cid.js';
import type { MacCommandCodec } from './codec-kit.js';
import type { DeviceTimeAns, DeviceTimeReq } from './device-time.js';
import { deviceTimeAnsCodec, deviceTimeReqCodec } from './device-time.js';
import type { DevStatusAns, DevStatusReq } from './dev-status.js';
import { devStatusAnsCodec, devStatusReqCodec } from './dev-status.js';
import type { DlChannelAns, DlChannelReq } from './dl-channel.js';
import { dlChannelAnsCodec, dlChannelReqCodec } from './dl-channel.js';
import type { DutyCycleAns, DutyCycleReq } from './duty-cycle.js';
import { dutyCycleAnsCodec, dutyCycleReqCodec } from './duty-cycle.js';
import type { LinkAdrAns, LinkAdrReq } from './link-adr.js';
import { linkAdrAnsCodec, linkAdrReqCodec } from './link-adr.js';
import type { LinkCheckAns, LinkCheckReq } from './link-check.js';
import { linkCheckAnsCodec, linkCheckReqCodec } from './link-check.js';
import type { NewChannelAns, NewChannelReq } from './new-channel.js';
import { newChannelAnsCodec, newChannelReqCodec } from './new-channel.js';
import type { RxParamSetupAns, RxParamSetupReq } from './rx-param-setup.js';
import { rxParamSetupAnsCodec, rxParamSetupReqCodec } from './rx-param-setup.js';
import type { RxTimingSetupAns, RxTimingSetupReq } from './rx-timing-setup.js';
import { rxTimingSetupAnsCodec, rxTimingSetupReqCodec } from './rx-timing-setup.js';
import type { TxParamSetupAns, TxParamSetupReq } from './tx-param-setup.js';
import { txParamSetupAnsCodec, txParamSetupReqCodec } from './tx-param-setup.js';

/** Commands an end-device sends (uplink). */
export type UplinkMacCommand =
  | LinkCheckReq
  | LinkAdrAns
  | DutyCycleAns
  | RxParamSetupAns
  | DevStatusAns
  | NewChannelAns
  | RxTimingSetupAns
  | TxParamSetupAns
  | DlChannelAns
  | DeviceTimeReq;

/** Commands the network sends (downlink). */
export type DownlinkMacCommand =
  | LinkCheckAns
  | LinkAdrReq
  | DutyCycleReq
  | RxParamSetupReq
  | DevStatusReq
  | NewChannelReq
  | RxTimingSetupReq
  | TxParamSetupReq
  | DlChannelReq
  | DeviceTimeAns;

/** Any known MAC command, discriminated by `name` (the spec's command name). */
export type MacCommand = UplinkMacCommand | DownlinkMacCommand;

/** The spec name of a MAC command, e.g. 'LinkADRReq'. */
export type MacCommandName = MacCommand['name'];

/**
 * Octets from the first CID the codec does not know to the end of the input. Their length is
 * implied by the CID only, so nothing after it can be parsed [L2 1.0.4 §5]. Always last.
 */
export interface UnparsedMacCommands {
  readonly name: 'Unparsed';
  /** The CID that was not understood (0x80..0xFF are proprietary extensions). */
  readonly cid: number;
  /** Offset of that CID in the decoded input. */
  readonly offset: number;
  /** The CID and everything after it, copied; re-encoded as they are. */
  readonly bytes: Buffer;
}

/** What decodeMacCommands yields: known commands, possibly ended by one UnparsedMacCommands. */
export type DecodedMacCommand = MacCommand | UnparsedMacCommands;

const CODECS: readonly MacCommandCodec<MacCommand>[] = [
  linkCheckReqCodec,
  linkCheckAnsCodec,
  linkAdrReqCodec,
  linkAdrAnsCodec,
  dutyCycleReqCodec,
  dutyCycleAnsCodec,
  rxParamSetupReqCodec,
  rxParamSetupAnsCodec,
  devStatusReqCodec,
  devStatusAnsCodec,
  newChannelReqCodec,
  newChannelAnsCodec,
  rxTimingSetupReqCodec,
  rxTimingSetupAnsCodec,
  txParamSetupReqCodec,
  txParamSetupAnsCodec,
  dlChannelReqCodec,
  dlChannelAnsCodec,
  deviceTimeReqCodec,
  deviceTimeAnsCodec,
];

const BY_NAME = new Map<string, MacCommandCodec<MacCommand>>(CODECS.map((c) => [c.name, c]));
const BY_CID: Readonly<Record<MacDirection, ReadonlyMap<number, MacCommandCodec<MacCommand>>>> = {
  up: new Map(CODECS.filter((c) => c.direction === 'up').map((c) => [c.cid, c])),
  down: new Map(CODECS.filter((c) => c.direction === 'down').map((c) => [c.cid, c])),
};

/** Every codec, for tests and tooling. */
export function allMacCommandCodecs(): readonly MacCommandCodec<MacCommand>[] {
  return CODECS;
}

/** The codec of a command name, or undefined if the name is not a known command. */
export function codecByName(name: string): MacCommandCodec<MacCommand> | undefined {
  return BY_NAME.get(name);
}

/** The codec for a CID travelling in `direction`, or undefined for an unknown CID. */
export function codecByCid(
  cid: number,
  direction: MacDirection,
): MacCommandCodec<MacCommand> | undefined {
  return BY_CID[direction].get(cid);
}
