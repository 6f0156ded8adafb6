/** The delivery steps of a data uplink: persist the session and frame, publish, schedule. */
import {
  classAAnswerDue,
  classAWindows,
  isWindowReachable,
  nextFCntDown,
} from '../downlink/index.js';
import type { NodeSession } from '../model.js';
import { need } from './deps.js';
import { frameGateways, isoTime, rxInfoOf, txInfoOf } from './records.js';
import { Drop } from './step.js';
import type { StepResult } from './step.js';
import type { DataUplinkContext } from './data-context.js';
import { best, isRetransmission } from './data-context.js';

/**
 * Whether this uplink will get a class A answer that can still make a window: then its FCntDown
 * is taken in the uplink's own session write, and the answer needs no write of its own.
 */
async function answerDue(ctx: DataUplinkContext): Promise<boolean> {
  const { ports, config } = ctx.deps;
  const { frame, uplink } = ctx;
  const due = classAAnswerDue({
    ack: frame.mType === 'ConfirmedDataUp',
    adrAckReq: frame.fCtrl.adrAckReq,
    macCommands: ctx.macAnswers.length + ctx.macRequests.length,
    queued: (await ports.queue.count(frame.devAddr)) > 0,
  });
  if (!due) return false;
  const { windows } = classAWindows({
    kind: 'data',
    uplink: best(ctx),
    profile: need(ctx.profile, 'profile'),
    region: need(ctx.region, 'region'),
  });
  const nowMs = ports.clock.now();
  return windows.some((w) => isWindowReachable(w, uplink.receivedMs, nowMs, config.downlinkLeadMs));
}

/**
 * Writes the session once per uplink: counters, MAC and ADR state, last gateway, and the
 * FCntDown of the answer when one is due. It is committed (as every store write: written,
 * not fsynced) before the uplink is published or answered.
 */
export async function persist(ctx: DataUplinkContext): Promise<StepResult> {
  const copy = best(ctx);
  const { ports, config } = ctx.deps;
  const gateway = ctx.uplink.gateways.get(copy.rxInfo.gatewayEui);
  let session: NodeSession = {
    ...need(ctx.session, 'session'),
    lastRx: isoTime(ctx.uplink.receivedMs),
    lastGateway: {
      gatewayEui: copy.rxInfo.gatewayEui,
      rssiDbm: copy.rxInfo.rssiDbm,
      snrDb: copy.rxInfo.snrDb,
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
    if (await answerDue(ctx)) {
      // A counter taken here and not used (the answer found nothing to send after all) is
      // skipped, never reused.
      const fCntDown = nextFCntDown({ ports, log: ctx.log }, session, undefined);
      session = { ...session, fCntDown: fCntDown + 1 };
      ctx.reservedFCntDown = fCntDown;
    }
    await ports.sessions.putSession(session);
  } catch (err) {
    ctx.log.error({ err }, 'session not stored');
    return new Drop('store_failed');
  }
  ctx.session = session;
  return undefined;
}

export function publish(ctx: DataUplinkContext): StepResult {
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
export function schedule(ctx: DataUplinkContext): StepResult {
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
    ...(ctx.reservedFCntDown === undefined ? {} : { reservedFCntDown: ctx.reservedFCntDown }),
  });
  deps.ports.metrics.uplinkProcessed(deps.ports.clock.monotonicMs() - uplink.firstMonoMs);
  return undefined;
}

/** The data-uplink pipeline, in order. */
