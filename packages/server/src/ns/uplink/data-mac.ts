/** The MAC steps of a data uplink: answer MAC commands, run ADR, resend pending requests. */
import { decodeMacCommands, MacCid } from '../../lorawan/index.js';
import { computeAdr, linkAdrRequests, observeDataRate, pushSnr } from '../adr/index.js';
import { uplinkDataRateIndex } from '../downlink/rx-windows.js';
import {
  addPendingRequests,
  handleMacCommands,
  pendingCommandName,
  pendingRequests,
  takePendingForDownlink,
} from '../mac/index.js';
import type { MacNote } from '../mac/index.js';
import type { NodeSession } from '../model.js';
import { need } from './deps.js';
import { isoTime } from './records.js';
import type { StepResult } from './step.js';
import type { DataUplinkContext } from './data-context.js';
import { best } from './data-context.js';

/** [L2 1.0.4 §4.3.1.6] MAC commands ride in FOpts or in an FPort 0 payload, never both. */
export function mac(ctx: DataUplinkContext): StepResult {
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
export function adr(ctx: DataUplinkContext): StepResult {
  const session = need(ctx.session, 'session');
  const region = need(ctx.region, 'region');
  const profile = need(ctx.profile, 'profile');
  const copy = best(ctx);
  const dataRate = uplinkDataRateIndex(region, copy);
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

export function pendingMac(ctx: DataUplinkContext): StepResult {
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
