/**
 * Composition of a class A / class C data downlink [L2 1.0.4 §4]: what goes in FCtrl, FOpts,
 * FPort and FRMPayload given the ACK to send, the MAC commands, the oldest queued application
 * payload and the window's maximum payload. Pure; encoding and crypto are lorawan's.
 */
import { buildDataFrame, encodeMacCommands, macCommandLength } from '../../lorawan/index.js';
import type { MacCommand, MaxPayload, SessionCrypto } from '../../lorawan/index.js';
import type { DevAddr } from '../../shared/ids.js';
import type { QueuedDownlink } from '../model.js';

/** FHDR without FOpts: DevAddr(4) | FCtrl(1) | FCnt(2) [L2 1.0.4 §4.3.1]. */
const FHDR_BYTES = 7;
/** FOptsLen is four bits [L2 1.0.4 §4.3.1.6]. */
const MAX_FOPTS_BYTES = 15;
/** FPort 0 carries MAC commands only, encrypted with NwkSKey [L2 1.0.4 §4.3.2]. */
const MAC_FPORT = 0;

/** Everything that decides a data downlink's content. */
export interface DataDownlinkInput {
  /** The network controls the data rate (downlink FCtrl.ADR) [L2 1.0.4 §4.3.1.1]. */
  readonly adr: boolean;
  /** Acknowledge a confirmed uplink (FCtrl.ACK) [L2 1.0.4 §4.3.1.2]. */
  readonly ack: boolean;
  /** The device set ADRACKReq: it needs a downlink even if it carries nothing [L2 1.0.4 §4.3.1.1]. */
  readonly adrAckReq: boolean;
  /** MAC commands to send, in order of importance (answers first). */
  readonly macCommands: readonly MacCommand[];
  /** The oldest queued application downlink, if any. */
  readonly queued: QueuedDownlink | undefined;
  /** How many downlinks are queued for the device in all (the one above included). */
  readonly queuedCount: number;
  /** M and N of the window's data rate. */
  readonly maxPayload: MaxPayload;
}

/** A queued downlink longer than the data rate's N: it can never go out at this DR. */
export interface TooLargeDownlink {
  readonly item: QueuedDownlink;
  readonly sizeBytes: number;
  /** The most FRMPayload bytes the data rate carries (N). */
  readonly maxBytes: number;
}

/** What one downlink data frame carries, before encryption. */
export interface DataDownlinkContent {
  readonly mType: 'UnconfirmedDataDown' | 'ConfirmedDataDown';
  readonly fCtrl: { readonly adr: boolean; readonly ack: boolean; readonly fPending: boolean };
  /** Cleartext MAC commands in FOpts (1.0.x does not encrypt FOpts). */
  readonly fOpts: Buffer;
  readonly fPort: number | undefined;
  /** Plaintext FRMPayload: the application payload, or MAC commands on FPort 0. */
  readonly payload: Buffer;
  /** The queued downlink this frame carries; it leaves the queue once the frame is sent. */
  readonly item: QueuedDownlink | undefined;
  /** MAC commands the frame carries (a prefix of the input). */
  readonly macCommands: readonly MacCommand[];
  /** MAC commands that did not fit this data rate (pending ones are resent later). */
  readonly macCommandsLeft: readonly MacCommand[];
}

/** The frame to send, if any, and a queued payload that could not go. */
export interface DataDownlinkComposition {
  /** Undefined when there is nothing to send. */
  readonly content: DataDownlinkContent | undefined;
  /** The oldest queued downlink can never go out at this data rate; it stays queued. */
  readonly tooLarge: TooLargeDownlink | undefined;
}

/**
 * Whether an uplink gets a class A answer at all: only when it would carry something (an ACK,
 * MAC commands, queued data) or the device asked for one with ADRACKReq [L2 1.0.4 §4.3.1.1].
 */
export function classAAnswerDue(input: {
  readonly ack: boolean;
  readonly adrAckReq: boolean;
  readonly macCommands: number;
  readonly queued: boolean;
}): boolean {
  return input.ack || input.adrAckReq || input.macCommands > 0 || input.queued;
}

/**
 * Decides what one downlink carries. MAC commands go in FOpts when they fit 15 bytes (and the
 * data rate), else alone on FPort 0 and the application payload waits [L2 1.0.4 §4.3.1.6: FOpts
 * and FPort 0 never together]. The application payload goes along when it fits N minus FOpts.
 * FPending says more is queued [L2 1.0.4 §4.3.1.4].
 */
export function composeDataDownlink(input: DataDownlinkInput): DataDownlinkComposition {
  const { maxPayload, queued } = input;
  const macLength = input.macCommands.reduce((sum, cmd) => sum + macCommandLength(cmd), 0);
  // FOpts must leave room for FHDR inside M even when no FPort follows.
  const fOptsBudget = Math.min(MAX_FOPTS_BYTES, maxPayload.m - FHDR_BYTES);

  let fOptsCommands: readonly MacCommand[] = [];
  let portZeroCommands: readonly MacCommand[] = [];
  let macCommandsLeft: readonly MacCommand[] = [];
  if (macLength > 0 && macLength <= fOptsBudget) {
    fOptsCommands = input.macCommands;
  } else if (macLength > 0) {
    [portZeroCommands, macCommandsLeft] = takeWhileFits(input.macCommands, maxPayload.n);
  }
  const fOpts = encodeMacCommands(fOptsCommands, 'down');

  const appPayload = queued === undefined ? undefined : Buffer.from(queued.data, 'base64');
  const tooLarge =
    queued !== undefined && appPayload !== undefined && appPayload.length > maxPayload.n
      ? { item: queued, sizeBytes: appPayload.length, maxBytes: maxPayload.n }
      : undefined;
  const carriesApp =
    queued !== undefined &&
    appPayload !== undefined &&
    portZeroCommands.length === 0 &&
    appPayload.length <= maxPayload.n - fOpts.length;
  const item = carriesApp ? queued : undefined;

  const macCommands = fOptsCommands.length > 0 ? fOptsCommands : portZeroCommands;
  if (!input.ack && !input.adrAckReq && macCommands.length === 0 && item === undefined) {
    return { content: undefined, tooLarge };
  }

  const fPending = input.queuedCount - (item === undefined ? 0 : 1) > 0;
  let fPort: number | undefined;
  let payload: Buffer = Buffer.alloc(0);
  if (item !== undefined && appPayload !== undefined) {
    fPort = item.fPort;
    payload = appPayload;
  } else if (portZeroCommands.length > 0) {
    fPort = MAC_FPORT;
    payload = encodeMacCommands(portZeroCommands, 'down');
  }
  return {
    content: {
      mType: item?.confirmed === true ? 'ConfirmedDataDown' : 'UnconfirmedDataDown',
      fCtrl: { adr: input.adr, ack: input.ack, fPending },
      fOpts,
      fPort,
      payload,
      item,
      macCommands,
      macCommandsLeft,
    },
    tooLarge,
  };
}

/** Encrypts and signs the frame with the 32-bit FCntDown [L2 1.0.4 §4.3.3, §4.4]. */
export function encodeDataDownlink(
  content: DataDownlinkContent,
  devAddr: DevAddr,
  fCntDown: number,
  crypto: SessionCrypto,
): Buffer {
  return buildDataFrame(
    {
      mType: content.mType,
      devAddr,
      fCtrl: content.fCtrl,
      fCnt32: fCntDown,
      fOpts: content.fOpts,
      fPort: content.fPort,
      payload: content.payload,
    },
    crypto,
  );
}

function takeWhileFits(
  commands: readonly MacCommand[],
  budget: number,
): [readonly MacCommand[], readonly MacCommand[]] {
  let used = 0;
  let count = 0;
  for (const cmd of commands) {
    const length = macCommandLength(cmd);
    if (used + length > budget) break;
    used += length;
    count++;
  }
  return [commands.slice(0, count), commands.slice(count)];
}
