/**
 * One data downlink from composition to bookkeeping, shared by class A and class C: take the
 * next FCntDown and persist its successor BEFORE anything leaves (a counter is never used
 * twice, even if the node dies mid-send), send, then update the queue and the session.
 */
import { SessionCrypto } from '../../lorawan/index.js';
import type { MaxPayload, Region } from '../../lorawan/index.js';
import type { NodeSession } from '../model.js';
import type { NsPorts } from '../ports.js';
import { soleOwnership } from '../ports.js';
import type { DataDownlinkComposition, DataDownlinkContent } from './data-downlink.js';
import { encodeDataDownlink } from './data-downlink.js';
import { logDownlinkFrame, reportFailed, reportSent, reportTooLarge } from './report.js';
import type { RxWindow } from './rx-windows.js';
import type { DownlinkContext, DownlinkTarget, TransmitResult } from './transmit.js';
import { transmit } from './transmit.js';

/** One data downlink to send: the session, the reachable windows and gateways, the composer. */
export interface DataSendInput {
  /** The session to answer for; it is persisted with the new FCntDown as it is. */
  readonly session: NodeSession;
  readonly region: Region;
  readonly targets: readonly DownlinkTarget[];
  /** Windows still reachable, in order. */
  readonly windows: readonly RxWindow[];
  readonly receivedMs: number;
  /** Composes the frame for a window's maximum payload. */
  compose(maxPayload: MaxPayload): DataDownlinkComposition;
  /** A counter already persisted for this frame (`session.fCntDown` is past it). */
  readonly reservedFCntDown?: number | undefined;
}

/** `nothing` when there was nothing to send (no counter used). */
export type DataSendOutcome =
  | { readonly status: 'nothing' }
  | {
      readonly status: 'sent' | 'failed';
      readonly fCntDown: number;
      /** The session as stored afterwards. */
      readonly session: NodeSession;
      /** What went out (sent) or what the first window would have carried (failed). */
      readonly content: DataDownlinkContent;
      readonly result: TransmitResult;
    };

interface Built {
  readonly composition: DataDownlinkComposition;
  readonly phyPayload: Buffer | undefined;
}

/**
 * Composes, persists FCntDown + 1, sends through the first window and gateway that take the
 * frame, and on success removes the carried queue item and records a pending confirmation.
 */
export async function sendDataDownlink(
  ctx: DownlinkContext,
  input: DataSendInput,
): Promise<DataSendOutcome> {
  const { ports } = ctx;
  const { session, region } = input;
  const devAddr = session.id;
  const firstWindow = input.windows[0];
  if (firstWindow === undefined) return { status: 'nothing' };

  const first = input.compose(region.maxPayloadSize(firstWindow.dataRateIndex));
  const firstContent = first.content;
  if (firstContent === undefined) {
    if (first.tooLarge) reportTooLarge(ctx, devAddr, first.tooLarge, firstWindow);
    return { status: 'nothing' };
  }

  let fCntDown: number;
  let current: NodeSession;
  if (input.reservedFCntDown === undefined) {
    fCntDown = nextFCntDown(ctx, session, await ports.sessions.getSession(devAddr));
    current = { ...session, fCntDown: fCntDown + 1 };
    await ports.sessions.putSession(current);
  } else {
    fCntDown = input.reservedFCntDown;
    current = session;
  }

  const crypto = new SessionCrypto({
    nwkSKey: Buffer.from(session.nwkSKey, 'hex'),
    appSKey: Buffer.from(session.appSKey, 'hex'),
  });
  // Same data rate limits give the same content, and the same content and FCntDown encrypt to
  // the same bytes: a retry in RX2 is the very frame RX1 would have carried.
  const built = new Map<RxWindow, Built>();
  const buildFor = (window: RxWindow): Built => {
    let entry = built.get(window);
    if (entry === undefined) {
      const composition =
        window === firstWindow ? first : input.compose(region.maxPayloadSize(window.dataRateIndex));
      const phyPayload =
        composition.content === undefined
          ? undefined
          : encodeDataDownlink(composition.content, devAddr, fCntDown, crypto);
      entry = { composition, phyPayload };
      built.set(window, entry);
    }
    return entry;
  };

  const result = await transmit(ctx, {
    targets: input.targets,
    windows: input.windows,
    receivedMs: input.receivedMs,
    frameFor: (window) => buildFor(window).phyPayload,
    devEui: session.devEui,
  });

  if (!result.sent) {
    reportFailed(ctx, devAddr, `downlink fCnt ${fCntDown}`, result);
    if (first.tooLarge) reportTooLarge(ctx, devAddr, first.tooLarge, firstWindow);
    return { status: 'failed', fCntDown, session: current, content: firstContent, result };
  }

  const used = buildFor(result.window).composition;
  // phyPayload was defined for the window that sent, so content is too.
  const content = used.content ?? firstContent;
  if (content.item !== undefined) await ports.queue.remove(devAddr, content.item.id);
  current = await recordDelivery(ctx, current, fCntDown, content);
  reportSent(ctx, result);
  logDownlinkFrame(ctx, current, fCntDown, content, result);
  if (used.tooLarge) reportTooLarge(ctx, devAddr, used.tooLarge, result.window);
  ctx.log.debug(
    {
      devAddr,
      fCntDown,
      window: result.window.name,
      gatewayEui: result.target.gatewayEui,
      fPort: content.fPort,
      macCommands: content.macCommands.length,
      macCommandsLeft: content.macCommandsLeft.length,
    },
    'downlink sent',
  );
  return { status: 'sent', fCntDown, session: current, content, result };
}

/**
 * The next unused FCntDown of a session about to be written. The stored counter may be ahead of
 * the caller's copy (class C and class A answers of one device, or a takeover gap written
 * meanwhile): the larger one is next, plus the gap a node adds after taking a device over.
 * Whoever calls this persists the result + 1 before the frame leaves.
 */
export function nextFCntDown(
  ctx: {
    readonly ports: NsPorts;
    readonly log: { info(fields: object, msg: string): void };
  },
  session: NodeSession,
  stored: NodeSession | undefined,
): number {
  const devAddr = session.id;
  const gap = (ctx.ports.ownership ?? soleOwnership).fCntDownGap(devAddr);
  const fCntDown = Math.max(session.fCntDown, stored?.fCntDown ?? 0) + gap;
  if (gap > 0) ctx.log.info({ devAddr, fCntDown, gap }, 'fCntDown raised after takeover');
  return fCntDown;
}

/**
 * After the gateway took the frame: a confirmed downlink now waits for the device's ACK, and an
 * ACK owed to the device has been paid. Re-reads the session so an uplink's write in between is
 * kept.
 */
async function recordDelivery(
  ctx: DownlinkContext,
  persisted: NodeSession,
  fCntDown: number,
  content: DataDownlinkContent,
): Promise<NodeSession> {
  const confirmed = content.mType === 'ConfirmedDataDown';
  const ackPaid = content.fCtrl.ack && persisted.rxWindowsState?.ackPending === true;
  if (!confirmed && !ackPaid) return persisted;
  const fresh = (await ctx.ports.sessions.getSession(persisted.id)) ?? persisted;
  const next: NodeSession = {
    ...fresh,
    fCntDown: Math.max(fresh.fCntDown, fCntDown + 1),
    awaitingAckFCntDown: confirmed ? fCntDown : fresh.awaitingAckFCntDown,
    rxWindowsState: ackPaid ? { ackPending: false } : fresh.rxWindowsState,
  };
  await ctx.ports.sessions.putSession(next);
  return next;
}
