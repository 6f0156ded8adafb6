/**
 * A data uplink as a list of named steps (C `uplink/data.rs`):
 * lookup -> mic -> fcnt -> ack -> decrypt -> mac -> adr -> pendingMac -> persist -> publish ->
 * schedule. A retransmission (same FCnt as the last accepted one) skips from ack to publish:
 * it is not delivered again, but a confirmed one is ACKed again.
 */
import type { NodeSession } from '../model.js';
import { need } from './deps.js';
import { checkFCnt, fCntCandidates } from './fcnt.js';
import { isoTime } from './records.js';
import { resolveProfile } from './profile.js';
import { Drop } from './step.js';
import type { Step, StepResult } from './step.js';
import type { DataUplinkContext } from './data-context.js';
import { isRetransmission } from './data-context.js';
import { adr, mac, pendingMac } from './data-mac.js';
import { persist, publish, schedule } from './data-deliver.js';

export { newDataUplinkContext } from './data-context.js';
export type { DataUplinkContext } from './data-context.js';

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
  if (session.devEui !== undefined) ctx.log.with({ devEui: session.devEui });
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
  ctx.log.with({ fCnt: fCnt32 });
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
