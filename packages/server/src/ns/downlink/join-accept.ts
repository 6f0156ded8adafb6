/**
 * Join-accept transmission [L2 1.0.4 §6.2.6]: the encrypted join-accept goes out in the join
 * windows, RX1 JOIN_ACCEPT_DELAY1 (5 s) and RX2 JOIN_ACCEPT_DELAY2 (6 s) after the join-request,
 * RX2 on the region's default parameters (the device has no others yet).
 */
import type { ClassARequest } from './types.js';
import { reportFailed, reportSent, reportTooLate } from './report.js';
import { classAWindows, isWindowReachable } from './rx-windows.js';
import type { DownlinkContext } from './transmit.js';
import { targetsFromCopies, transmit } from './transmit.js';

/** The join variant of the class A request. */
export type JoinAcceptRequest = Extract<ClassARequest, { kind: 'join' }>;

/** What happened to a join-accept. */
export type JoinAcceptOutcome = 'sent' | 'too_late' | 'failed';

/**
 * Sends the join-accept through the first reachable window and gateway that take it. Events
 * name the DevEUI (the DevAddr is new and means nothing to an operator yet).
 */
export async function sendJoinAccept(
  ctx: DownlinkContext,
  request: JoinAcceptRequest,
): Promise<JoinAcceptOutcome> {
  const { uplink, session, profile, region } = request;
  const entity = session.devEui ?? session.id;
  const best = uplink.copies[0];
  if (best === undefined) return 'failed';
  const { windows, rx1Unavailable } = classAWindows({
    kind: 'join',
    uplink: best,
    profile,
    region,
  });
  if (rx1Unavailable !== undefined) {
    ctx.log.debug({ devEui: session.devEui, reason: rx1Unavailable }, 'join rx1 unavailable');
  }
  const nowMs = ctx.ports.clock.now();
  const reachable = windows.filter((w) =>
    isWindowReachable(w, uplink.receivedMs, nowMs, ctx.config.downlinkLeadMs),
  );
  if (reachable.length === 0) {
    reportTooLate(ctx, entity, 'join-accept', windows);
    return 'too_late';
  }
  const result = await transmit(ctx, {
    targets: targetsFromCopies(uplink.copies),
    windows: reachable,
    receivedMs: uplink.receivedMs,
    frameFor: () => request.joinAccept,
    devEui: session.devEui,
  });
  if (!result.sent) {
    reportFailed(ctx, entity, 'join-accept', result);
    return 'failed';
  }
  reportSent(ctx, result);
  ctx.log.debug(
    {
      devEui: session.devEui,
      devAddr: session.id,
      window: result.window.name,
      gatewayEui: result.target.gatewayEui,
    },
    'join-accept sent',
  );
  return 'sent';
}
