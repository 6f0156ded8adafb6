/**
 * A data uplink as a list of named steps (C `uplink/data.rs`):
 * lookup -> mic -> fcnt -> ack -> decrypt -> mac -> adr -> pendingMac -> persist -> publish ->
 * schedule. A retransmission (same FCnt as the last accepted one) skips from ack to publish:
 * it is not delivered again, but a confirmed one is ACKed again.
 */
import type { Logger } from 'pino';
import { decodeMacCommands, MacCid } from '../../lorawan/index.js';
import type {
  DataUpFrame,
  DownlinkMacCommand,
  Region,
  SessionCrypto,
} from '../../lorawan/index.js';
import { computeAdr, linkAdrRequests, observeDataRate, pushSnr } from '../adr/index.js';
import {
  addPendingRequests,
  handleMacCommands,
  pendingCommandName,
  pendingRequests,
  takePendingForDownlink,
} from '../mac/index.js';
import type { MacNote } from '../mac/index.js';
import type { NodeSession, Profile } from '../model.js';
import type { IntegrationEvent } from '../ports.js';
import type { CollectedUplink } from './dedup.js';
import { need } from './deps.js';
import type { UplinkDeps } from './deps.js';
import { checkFCnt, fCntCandidates } from './fcnt.js';
import type { FCntVerdict } from './fcnt.js';
import { frameGateways, isoTime, rxInfoOf, txInfoOf } from './records.js';
import { resolveProfile } from './profile.js';
import { Drop } from './step.js';
import type { Step, StepResult } from './step.js';

/** The state a data uplink builds up while its steps run. */
export interface DataUplinkContext {
  readonly deps: UplinkDeps;
  readonly uplink: CollectedUplink;
  readonly frame: DataUpFrame;
  log: Logger;
  /** The session as read from the store, then as the steps change it. */
  session?: NodeSession;
  profile?: Profile;
  region?: Region;
  crypto?: SessionCrypto;
  /** The 32-bit counter the MIC matched with. */
  fCnt32?: number;
  verdict?: FCntVerdict;
  /** Decrypted FRMPayload (MAC commands for FPort 0). */
  payload?: Buffer;
  readonly macAnswers: DownlinkMacCommand[];
  macRequests: readonly DownlinkMacCommand[];
  /** Integration events besides `up`, in the order they arose (ack, status). */
  readonly integrations: IntegrationEvent[];
}

/** A fresh context for one deduplicated data uplink. */
export function newDataUplinkContext(
  deps: UplinkDeps,
  uplink: CollectedUplink,
  frame: DataUpFrame,
  log: Logger,
): DataUplinkContext {
  return { deps, uplink, frame, log, macAnswers: [], macRequests: [], integrations: [] };
}

const isRetransmission = (ctx: DataUplinkContext): boolean =>
  ctx.verdict?.kind === 'retransmission';

function best(ctx: DataUplinkContext): CollectedUplink['copies'][number] {
  return need(ctx.uplink.copies[0], 'uplink copy');
}

async function lookup(ctx: DataUplinkContext): Promise<StepResult> {
  const { ports } = ctx.deps;
  const devAddr = ctx.frame.devAddr;
  const session = await ports.sessions.getSession(devAddr);
  if (session === undefined) {
    return new Drop('unknown_devaddr', {
      kind: 'unknown_devaddr',
      severity: 'warning',
      entity: devAddr,
      text: `uplink from unknown devAddr ${devAddr}`,
      rateLimited: true,
    });
  }
  const resolved = resolveProfile(
    { noun: 'node', id: devAddr, profileId: session.profileId },
    await ports.profiles.getProfile(session.profileId),
  );
  if (resolved instanceof Drop) return resolved;
  ctx.session = session;
  ctx.profile = resolved.profile;
  ctx.region = resolved.region;
  if (session.devEui !== undefined) ctx.log = ctx.log.child({ devEui: session.devEui });
  return undefined;
}

/** [L2 1.0.4 §4.4] The MIC covers the 32-bit counter: try each counter the 16 bits may mean. */
function mic(ctx: DataUplinkContext): StepResult {
  const session = need(ctx.session, 'session');
  const crypto = ctx.deps.cryptoCache.get(session);
  for (const fCnt32 of fCntCandidates(session.fCntUp, ctx.frame.fCnt)) {
    if (crypto.verifyFrameMic(ctx.frame, fCnt32)) {
      ctx.crypto = crypto;
      ctx.fCnt32 = fCnt32;
      return undefined;
    }
  }
  return new Drop(
    'mic_failed',
    {
      kind: 'mic_failed',
      severity: 'warning',
      entity: ctx.frame.devAddr,
      text: `mic check failed (fCnt ${ctx.frame.fCnt})`,
      // Other networks' devices share the private NetIDs' DevAddr ranges.
      rateLimited: true,
    },
    { fCnt: ctx.frame.fCnt },
  );
}

function fcnt(ctx: DataUplinkContext): StepResult {
  const session = need(ctx.session, 'session');
  const profile = need(ctx.profile, 'profile');
  const fCnt32 = need(ctx.fCnt32, 'fCnt32');
  const lastFCnt = session.fCntUp;
  const verdict = checkFCnt({
    mode: profile.fcntCheck,
    macVersion: profile.macVersion,
    lastFCnt,
    fCnt32,
    maxFCntGap: ctx.deps.config.maxFCntGap,
  });
  ctx.verdict = verdict;
  ctx.log = ctx.log.child({ fCnt: fCnt32 });
  const devAddr = ctx.frame.devAddr;
  switch (verdict.kind) {
    case 'replay':
      return new Drop('fcnt_replay', {
        kind: 'fcnt_replay',
        severity: 'warning',
        entity: devAddr,
        text: `fCnt ${fCnt32} is not above the last accepted ${String(lastFCnt)}: dropped`,
      });
    case 'gap':
      return new Drop('fcnt_gap', {
        kind: 'fcnt_gap',
        severity: 'warning',
        entity: devAddr,
        text: `fCnt ${fCnt32} is ${verdict.gap} ahead of ${String(lastFCnt)} (max ${ctx.deps.config.maxFCntGap}): dropped`,
      });
    case 'reset':
      ctx.log.info({ lastFCnt }, 'device restarted its frame counters');
      ctx.session = { ...resetSession(session), fCntUp: fCnt32 };
      return undefined;
    case 'retransmission':
      return undefined;
    case 'new':
      ctx.session = { ...session, fCntUp: fCnt32 };
      return undefined;
  }
}

/**
 * After a device restart (`reset-allowed`) its downlink counter and MAC state start over too:
 * a pre-1.0.4 device would refuse downlink counters more than MAX_FCNT_GAP above its own.
 * Reusing FCntDown values is the price of this mode; strict32 never does it.
 */
function resetSession(session: NodeSession): NodeSession {
  return { ...omit(session, ['awaitingAckFCntDown', 'adr']), fCntDown: 0, pendingMac: [] };
}

/** The session without these optional fields (absent, not undefined, in the stored JSON). */
function omit(session: NodeSession, keys: readonly (keyof NodeSession)[]): NodeSession {
  const copy: Partial<Record<keyof NodeSession, unknown>> = { ...session };
  for (const key of keys) delete copy[key];
  return copy as NodeSession;
}

/** [L2 1.0.4 §4.3.1.2] ACK in an uplink acknowledges the last confirmed downlink. */
function ack(ctx: DataUplinkContext): StepResult {
  if (!ctx.frame.fCtrl.ack) return undefined;
  const session = need(ctx.session, 'session');
  const fCntDown = session.awaitingAckFCntDown;
  if (fCntDown === undefined) {
    ctx.log.debug('ack without a confirmed downlink waiting');
    return undefined;
  }
  ctx.session = omit(session, ['awaitingAckFCntDown']);
  ctx.integrations.push({
    type: 'ack',
    devEui: session.devEui,
    devAddr: session.id,
    fCntDown,
    acknowledged: true,
    receivedAt: isoTime(ctx.uplink.receivedMs),
  });
  return undefined;
}

function decrypt(ctx: DataUplinkContext): StepResult {
  ctx.payload = need(ctx.crypto, 'crypto').decryptFrmPayload(ctx.frame, need(ctx.fCnt32, 'fCnt32'));
  return undefined;
}

/** [L2 1.0.4 §4.3.1.6] MAC commands ride in FOpts or in an FPort 0 payload, never both. */
function mac(ctx: DataUplinkContext): StepResult {
  const bytes =
    ctx.frame.fOpts.length > 0 ? ctx.frame.fOpts : ctx.frame.fPort === 0 ? ctx.payload : undefined;
  if (bytes === undefined || bytes.length === 0) return undefined;
  let commands;
  try {
    commands = decodeMacCommands(bytes, 'up');
  } catch (err) {
    // A truncated command from a broken stack: the data still counts, the commands do not.
    ctx.log.debug({ err }, 'uplink mac commands not parsed');
    return undefined;
  }
  const out = handleMacCommands(need(ctx.session, 'session'), commands, ctx.uplink);
  ctx.session = out.session;
  ctx.macAnswers.push(...out.answers);
  for (const note of out.notes) reportMacNote(ctx, note);
  return undefined;
}

function reportMacNote(ctx: DataUplinkContext, note: MacNote): void {
  const session = need(ctx.session, 'session');
  switch (note.kind) {
    case 'rejected':
      ctx.deps.report({
        kind: 'mac_error',
        severity: 'warning',
        entity: session.id,
        text: note.text,
      });
      return;
    case 'unanswered':
      ctx.deps.report({
        kind: 'mac_error',
        severity: 'warning',
        entity: session.id,
        text: `${note.command} unanswered after ${note.sentCount} sends`,
      });
      return;
    case 'status':
      ctx.integrations.push({
        type: 'status',
        devEui: session.devEui,
        devAddr: session.id,
        battery: note.battery,
        margin: note.marginDb,
        receivedAt: isoTime(ctx.uplink.receivedMs),
      });
      return;
    case 'unsolicited':
      ctx.log.debug({ command: note.command }, 'mac answer without a pending request');
      return;
    case 'unknown_cid':
      ctx.log.debug({ cid: note.cid, offset: note.offset }, 'unknown mac command, parsing stopped');
      return;
    case 'unanswerable':
      ctx.log.debug({ command: note.command, reason: note.reason }, 'mac request not answered');
      return;
    case 'unexpected':
      ctx.log.debug({ command: note.command }, 'downlink mac command in an uplink');
      return;
  }
}

/**
 * Tracks the data rate always; with ADR on in the profile and the uplink's ADR bit set, keeps
 * the SNR history and queues a LinkADRReq when the link allows a change (adr/README.md).
 */
function adr(ctx: DataUplinkContext): StepResult {
  const session = need(ctx.session, 'session');
  const region = need(ctx.region, 'region');
  const profile = need(ctx.profile, 'profile');
  const copy = best(ctx);
  const dataRate = copy.txInfo.dataRateIndex ?? region.uplinkDataRateIndex(copy.txInfo.dataRate);
  if (dataRate === undefined) return undefined;
  let state = observeDataRate(session.adr, dataRate);
  if (!profile.adr || !ctx.frame.fCtrl.adr) {
    ctx.session = { ...session, adr: state };
    return undefined;
  }
  state = pushSnr(state, copy.rxInfo.snrDb, ctx.deps.adr.historySize);
  ctx.session = { ...session, adr: state };
  if (adrBlocked(session)) return undefined;
  const decision = computeAdr(state, region, ctx.deps.adr);
  if (decision === undefined) return undefined;
  ctx.log.debug({ ...decision }, 'adr change requested');
  ctx.session = addPendingRequests(
    ctx.session,
    linkAdrRequests(decision, region, profile.macVersion),
  );
  return undefined;
}

/**
 * No new LinkADRReq while one waits for its answer, nor after the device refused one: like
 * ChirpStack's `max_mac_command_error_count` of 1, until a new join starts a new session.
 */
function adrBlocked(session: NodeSession): boolean {
  if (pendingRequests(session, MacCid.LinkAdr).length > 0) return true;
  return (session.macAnswers ?? []).some((a) => a.command === 'LinkADRAns' && !a.accepted);
}

function pendingMac(ctx: DataUplinkContext): StepResult {
  const taken = takePendingForDownlink(need(ctx.session, 'session'), ctx.deps.config.maxMacResends);
  ctx.session = taken.session;
  ctx.macRequests = taken.commands;
  for (const entry of taken.expired) {
    reportMacNote(ctx, {
      kind: 'unanswered',
      command: pendingCommandName(entry),
      sentCount: entry.sentCount,
    });
  }
  return undefined;
}

async function persist(ctx: DataUplinkContext): Promise<StepResult> {
  const copy = best(ctx);
  const { ports, config } = ctx.deps;
  const gateway = ctx.uplink.gateways.get(copy.rxInfo.gatewayEui);
  let session: NodeSession = {
    ...need(ctx.session, 'session'),
    lastRx: isoTime(ctx.uplink.receivedMs),
    lastGateway: {
      gatewayEui: copy.rxInfo.gatewayEui,
      rssi: copy.rxInfo.rssiDbm,
      lsnr: copy.rxInfo.snrDb,
      server: gateway?.server ?? config.server,
    },
  };
  try {
    // The downlink side may have used a downlink counter since lookup (class C): never step
    // FCntDown back, or a counter would be used twice. A reset lowers it on purpose.
    const stored = await ports.sessions.getSession(session.id);
    if (
      stored !== undefined &&
      ctx.verdict?.kind !== 'reset' &&
      stored.fCntDown > session.fCntDown
    ) {
      session = { ...session, fCntDown: stored.fCntDown };
    }
    await ports.sessions.putSession(session);
  } catch (err) {
    ctx.log.error({ err }, 'session not stored');
    return new Drop('store_failed');
  }
  ctx.session = session;
  return undefined;
}

function publish(ctx: DataUplinkContext): StepResult {
  const { sink } = ctx.deps.ports;
  const server = ctx.deps.config.server;
  const session = need(ctx.session, 'session');
  const fCnt32 = need(ctx.fCnt32, 'fCnt32');
  const payload = ctx.payload ?? Buffer.alloc(0);
  const { frame, uplink } = ctx;
  const confirmed = frame.mType === 'ConfirmedDataUp';
  const receivedAt = isoTime(uplink.receivedMs);
  sink.frame({
    time: receivedAt,
    dir: 'up',
    devAddr: session.id,
    ...(session.devEui === undefined ? {} : { devEui: session.devEui }),
    fCnt: fCnt32,
    ...(frame.fPort === undefined ? {} : { fPort: frame.fPort }),
    data: payload.toString('hex'),
    confirmed,
    gateways: frameGateways(uplink, server),
    server,
  });
  for (const event of ctx.integrations) if (event.type === 'ack') sink.integration(event);
  // FPort 0 and port-less frames carry only MAC layer content: nothing for the application.
  if (frame.fPort !== undefined && frame.fPort > 0) {
    sink.integration({
      type: 'up',
      devEui: session.devEui,
      devAddr: session.id,
      fCnt: fCnt32,
      fPort: frame.fPort,
      data: payload.toString('base64'),
      confirmed,
      adr: frame.fCtrl.adr,
      rxInfo: rxInfoOf(uplink, server),
      txInfo: txInfoOf(best(ctx)),
      receivedAt,
    });
  }
  for (const event of ctx.integrations) if (event.type !== 'ack') sink.integration(event);
  return undefined;
}

/**
 * Always asks the scheduler for a class A answer: only it knows the device's queue, so only
 * it can tell that there is nothing to send. A retransmission gets an ACK again when it was
 * confirmed, and nothing otherwise.
 */
function schedule(ctx: DataUplinkContext): StepResult {
  const { frame, uplink, deps } = ctx;
  const confirmed = frame.mType === 'ConfirmedDataUp';
  const base = {
    kind: 'data',
    uplink,
    profile: need(ctx.profile, 'profile'),
    region: need(ctx.region, 'region'),
  } as const;
  if (isRetransmission(ctx)) {
    if (confirmed) {
      deps.schedule({
        ...base,
        session: need(ctx.session, 'session'),
        ackRequested: true,
        macCommands: [],
        adrAckReq: false,
      });
    }
    return new Drop('retransmission', undefined, { confirmed });
  }
  deps.schedule({
    ...base,
    session: need(ctx.session, 'session'),
    ackRequested: confirmed,
    macCommands: [...ctx.macAnswers, ...ctx.macRequests],
    adrAckReq: frame.fCtrl.adrAckReq,
  });
  deps.ports.metrics.uplinkProcessed(deps.ports.clock.monotonicMs() - uplink.firstMonoMs);
  return undefined;
}

/** The data-uplink pipeline, in order. */
export const dataUplinkSteps: readonly Step<DataUplinkContext>[] = [
  { name: 'lookup', run: lookup },
  { name: 'mic', run: mic },
  { name: 'fcnt', run: fcnt },
  { name: 'ack', run: ack, skip: isRetransmission },
  { name: 'decrypt', run: decrypt, skip: isRetransmission },
  { name: 'mac', run: mac, skip: isRetransmission },
  { name: 'adr', run: adr, skip: isRetransmission },
  { name: 'pendingMac', run: pendingMac, skip: isRetransmission },
  { name: 'persist', run: persist, skip: isRetransmission },
  { name: 'publish', run: publish, skip: isRetransmission },
  { name: 'schedule', run: schedule },
];
