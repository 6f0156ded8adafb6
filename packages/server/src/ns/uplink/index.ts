/**
 * handleUplink: one deduplicated uplink through decode, then the data or join step list
 * (data.ts, join.ts). Drops become a metric, maybe an event, and a debug log line; a step
 * that throws becomes an `internal_error` drop logged at error. It never rejects.
 */
import { decodePhyPayload } from '../../lorawan/index.js';
import type { PhyPayload } from '../../lorawan/index.js';
import type { CollectedUplink } from './dedup.js';
import type { UplinkDeps } from './deps.js';
import { dataUplinkSteps, newDataUplinkContext } from './data.js';
import { joinSteps, newJoinContext } from './join.js';
import { Drop, runSteps } from './step.js';
import { UplinkLog } from './uplink-log.js';
import type { StepsOutcome } from './step.js';

export { Deduplicator, compareCopies } from './dedup.js';
export type { CollectedUplink, DedupVerdict, DeduplicatorOptions, UplinkCopy } from './dedup.js';
export type { UplinkDeps } from './deps.js';
export { dataUplinkSteps } from './data.js';
export type { DataUplinkContext } from './data.js';
export { joinSteps } from './join.js';
export type { JoinContext } from './join.js';
export { Drop, runSteps } from './step.js';
export type { DropEvent, Step, StepResult, StepsOutcome } from './step.js';
export { checkFCnt, fCntCandidates, FCNT_RESET_MAX } from './fcnt.js';
export type { FCntCheckInput, FCntVerdict } from './fcnt.js';
export { allocateDevAddr, devAddrIn, devAddrSpace, isDevAddrIn } from './dev-addr.js';
export type { DevAddrSpace } from './dev-addr.js';
export { SessionCryptoCache } from './crypto-cache.js';
export { EventLimiter } from './event-limiter.js';

function settle(deps: UplinkDeps, log: UplinkLog, outcome: StepsOutcome): void {
  switch (outcome.kind) {
    case 'done':
      log.debug('uplink processed');
      return;
    case 'drop': {
      const { drop, step } = outcome;
      deps.ports.metrics.uplinkDropped(drop.reason);
      if (drop.event !== undefined) deps.report(drop.event);
      log.debug({ reason: drop.reason, step, ...drop.detail }, 'uplink dropped');
      return;
    }
    case 'error':
      deps.ports.metrics.uplinkDropped('internal_error');
      log.error({ err: outcome.error, step: outcome.step }, 'uplink step failed');
      return;
  }
}

function decode(uplink: CollectedUplink): PhyPayload | Drop {
  const best = uplink.copies[0];
  if (best === undefined) return new Drop('bad_phy_payload');
  try {
    return decodePhyPayload(best.phyPayload);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown';
    return new Drop('bad_phy_payload', undefined, { code });
  }
}

/** Processes one deduplicated uplink; never rejects. */
export async function handleUplink(deps: UplinkDeps, uplink: CollectedUplink): Promise<void> {
  const phy = decode(uplink);
  if (phy instanceof Drop) {
    settle(deps, new UplinkLog(deps.log, {}), { kind: 'drop', step: 'decode', drop: phy });
    return;
  }
  switch (phy.mType) {
    case 'UnconfirmedDataUp':
    case 'ConfirmedDataUp': {
      const log = new UplinkLog(deps.log, { devAddr: phy.devAddr });
      const ctx = newDataUplinkContext(deps, uplink, phy, log);
      const outcome = await deps.serial.run(`devAddr:${phy.devAddr}`, () =>
        runSteps(dataUplinkSteps, ctx),
      );
      settle(deps, ctx.log, outcome);
      return;
    }
    case 'JoinRequest': {
      const log = new UplinkLog(deps.log, { devEui: phy.devEui });
      const ctx = newJoinContext(deps, uplink, phy, log);
      const outcome = await deps.serial.run(`devEui:${phy.devEui}`, () => runSteps(joinSteps, ctx));
      settle(deps, ctx.log, outcome);
      return;
    }
    default:
      // Downlink MTypes, join-accepts and proprietary frames are not uplinks lns can handle.
      settle(deps, new UplinkLog(deps.log, {}), {
        kind: 'drop',
        step: 'decode',
        drop: new Drop('unsupported_mtype', undefined, { mType: phy.mType }),
      });
  }
}
