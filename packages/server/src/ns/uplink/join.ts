/**
 * A join-request as a list of named steps [L2 1.0.4 §6.2]:
 * lookup -> mic -> devNonce -> allocate -> accept -> commit -> publish -> schedule.
 * lns is its own join server: the AppKey lives in the device record.
 */
import { buildJoinAccept, deriveSessionKeys10, verifyJoinRequestMic } from '../../lorawan/index.js';
import type { JoinRequestFrame, Region } from '../../lorawan/index.js';
import type { DevAddr } from '../../shared/index.js';
import { networkCfList } from '../adr/index.js';
import type { Device, NodeSession, Profile } from '../model.js';
import { soleOwnership } from '../ports.js';
import type { CollectedUplink } from './dedup.js';
import { allocateDevAddr } from './dev-addr.js';
import { need } from './deps.js';
import type { UplinkDeps } from './deps.js';
import { isoTime, rxInfoOf } from './records.js';
import { resolveProfile } from './profile.js';
import { Drop } from './step.js';
import type { Step, StepResult } from './step.js';
import type { UplinkLog } from './uplink-log.js';

const JOIN_NONCE_MODULO = 0x1000000;
/**
 * Draws until a free DevAddr this node owns turns up: with N nodes one in N is ours, so 64
 * draws fail with odds (1 - 1/N)^64, below 1e-8 for N = 8.
 */
const JOIN_ALLOCATION_ATTEMPTS = 64;

/** The state a join builds up while its steps run. */
export interface JoinContext {
  readonly deps: UplinkDeps;
  readonly uplink: CollectedUplink;
  readonly frame: JoinRequestFrame;
  readonly log: UplinkLog;
  device?: Device;
  appKey?: Buffer;
  profile?: Profile;
  region?: Region;
  devAddr?: DevAddr;
  session?: NodeSession;
  /** The device record after the join (new DevAddr, lastJoin, JoinNonce). */
  joined?: Device;
  joinAccept?: Buffer;
}

/** A fresh context for one deduplicated join-request. */
export function newJoinContext(
  deps: UplinkDeps,
  uplink: CollectedUplink,
  frame: JoinRequestFrame,
  log: UplinkLog,
): JoinContext {
  return { deps, uplink, frame, log };
}

async function lookup(ctx: JoinContext): Promise<StepResult> {
  const { devEui, joinEui } = ctx.frame;
  const device = await ctx.deps.ports.devices.getDevice(devEui);
  if (device === undefined) {
    return new Drop('unknown_deveui', {
      kind: 'unknown_deveui',
      severity: 'warning',
      entity: devEui,
      text: `join-request from unknown devEui ${devEui}`,
      rateLimited: true,
    });
  }
  if (device.joinEui !== joinEui) {
    return new Drop('joineui_mismatch', {
      kind: 'joineui_mismatch',
      severity: 'warning',
      entity: devEui,
      text: `join-request with joinEui ${joinEui}, device has ${device.joinEui}`,
      rateLimited: true,
    });
  }
  const resolved = resolveProfile(
    { noun: 'device', id: devEui, profileId: device.profileId },
    await ctx.deps.ports.profiles.getProfile(device.profileId),
  );
  if (resolved instanceof Drop) return resolved;
  ctx.device = device;
  ctx.appKey = Buffer.from(device.appKey, 'hex');
  ctx.profile = resolved.profile;
  ctx.region = resolved.region;
  return undefined;
}

/** [L2 1.0.4 §6.2.5] MIC = aes128_cmac(AppKey, MHDR | JoinEUI | DevEUI | DevNonce). */
function mic(ctx: JoinContext): StepResult {
  if (verifyJoinRequestMic(ctx.frame, need(ctx.appKey, 'appKey'))) return undefined;
  return new Drop('mic_failed', {
    kind: 'mic_failed',
    severity: 'warning',
    entity: ctx.frame.devEui,
    text: 'join-request mic check failed',
    rateLimited: true,
  });
}

/** [L2 1.0.4 §6.2.5] A DevNonce is used once per device: a repeat is a replayed join. */
async function devNonce(ctx: JoinContext): Promise<StepResult> {
  const { devEui, devNonce: nonce } = ctx.frame;
  if (!(await ctx.deps.ports.devices.isDevNonceUsed(devEui, nonce))) return undefined;
  return devNonceReused(ctx);
}

function devNonceReused(ctx: JoinContext): Drop {
  return new Drop('devnonce_reused', {
    kind: 'devnonce_reused',
    severity: 'warning',
    entity: ctx.frame.devEui,
    text: `devNonce ${ctx.frame.devNonce} already used: join-request dropped`,
  });
}

/**
 * A DevAddr this node owns: the device's first data uplink then comes here, where the new
 * session was written, wherever it lands and before the session has replicated.
 */
async function allocate(ctx: JoinContext): Promise<StepResult> {
  const { ports, devAddrSpace, randomBytes } = ctx.deps;
  const ownership = ports.ownership ?? soleOwnership;
  ctx.devAddr = await allocateDevAddr(
    devAddrSpace,
    async (devAddr) =>
      !ownership.ownsDevAddr(devAddr) || (await ports.sessions.isDevAddrInUse(devAddr)),
    randomBytes,
    JOIN_ALLOCATION_ATTEMPTS,
  );
  return undefined;
}

/**
 * JoinNonce counts up per device rather than being random: a 1.0.4 JoinNonce is a counter
 * that never repeats [L2 1.0.4 §6.2.6] and device stacks (LoRaMac-node) refuse one that is not
 * above the last they saw. For 1.0.2/1.0.3 it is "AppNonce, a random value or some form of
 * unique ID" [L2 1.0.2 §6.2.5]: random would do, since the never-repeating DevNonce already
 * makes every session's keys differ, but one rule for all versions is simpler.
 */
function accept(ctx: JoinContext): StepResult {
  const device = need(ctx.device, 'device');
  const profile = need(ctx.profile, 'profile');
  const region = need(ctx.region, 'region');
  const appKey = need(ctx.appKey, 'appKey');
  const devAddr = need(ctx.devAddr, 'devAddr');
  const { netId, server } = ctx.deps.config;
  const joinNonce = ((device.joinNonce ?? 0) + 1) % JOIN_NONCE_MODULO;
  const cfList = networkCfList(region, profile.macVersion);
  ctx.joinAccept = buildJoinAccept(
    {
      joinNonce,
      netId,
      devAddr,
      dlSettings: { rx1DrOffset: profile.rx1DrOffset, rx2Dr: profile.rx2Dr },
      rxDelay: profile.rx1Delay,
      cfList: cfList === undefined ? undefined : region.encodeCfList(cfList),
    },
    appKey,
  );
  const keys = deriveSessionKeys10(appKey, joinNonce, netId, ctx.frame.devNonce);
  const copy = need(ctx.uplink.copies[0], 'uplink copy');
  const receivedAt = isoTime(ctx.uplink.receivedMs);
  ctx.session = {
    id: devAddr,
    devEui: device.id,
    profileId: device.profileId,
    nwkSKey: keys.nwkSKey.toString('hex'),
    appSKey: keys.appSKey.toString('hex'),
    fCntDown: 0,
    lastRx: receivedAt,
    lastGateway: {
      gatewayEui: copy.rxInfo.gatewayEui,
      rssiDbm: copy.rxInfo.rssiDbm,
      snrDb: copy.rxInfo.snrDb,
      server: ctx.uplink.gateways.get(copy.rxInfo.gatewayEui)?.server ?? server,
    },
  };
  ctx.joined = { ...device, devAddr, lastJoin: receivedAt, joinNonce };
  ctx.log.with({ devAddr });
  return undefined;
}

async function commit(ctx: JoinContext): Promise<StepResult> {
  const device = need(ctx.device, 'device');
  const committed = await ctx.deps.ports.devices.commitJoin({
    device: need(ctx.joined, 'joined device'),
    devNonce: ctx.frame.devNonce,
    session: need(ctx.session, 'session'),
    ...(device.devAddr === undefined ? {} : { replacedDevAddr: device.devAddr }),
  });
  // Another copy of this join-request won the race between the DevNonce check and here.
  if (!committed) return devNonceReused(ctx);
  const ownership = ctx.deps.ports.ownership ?? soleOwnership;
  ownership.claim(need(ctx.devAddr, 'devAddr'));
  // The 5 s join delay leaves room; a peer that misses the bound gets the session later.
  await ownership.replicated();
  return undefined;
}

function publish(ctx: JoinContext): StepResult {
  const { sink } = ctx.deps.ports;
  const devAddr = need(ctx.devAddr, 'devAddr');
  const { devEui, joinEui } = ctx.frame;
  sink.event({ kind: 'join', severity: 'info', entity: devEui, text: `joined as ${devAddr}` });
  sink.integration({
    type: 'join',
    devEui,
    devAddr,
    joinEui,
    rxInfo: rxInfoOf(ctx.uplink, ctx.deps.config.server),
    receivedAt: isoTime(ctx.uplink.receivedMs),
  });
  ctx.log.info('device joined');
  return undefined;
}

function schedule(ctx: JoinContext): StepResult {
  const { deps, uplink } = ctx;
  deps.schedule({
    kind: 'join',
    uplink,
    session: need(ctx.session, 'session'),
    profile: need(ctx.profile, 'profile'),
    region: need(ctx.region, 'region'),
    joinAccept: need(ctx.joinAccept, 'joinAccept'),
  });
  deps.ports.metrics.uplinkProcessed(deps.ports.clock.monotonicMs() - uplink.firstMonoMs);
  return undefined;
}

/** The join pipeline, in order. */
export const joinSteps: readonly Step<JoinContext>[] = [
  { name: 'lookup', run: lookup },
  { name: 'mic', run: mic },
  { name: 'devNonce', run: devNonce },
  { name: 'allocate', run: allocate },
  { name: 'accept', run: accept },
  { name: 'commit', run: commit },
  { name: 'publish', run: publish },
  { name: 'schedule', run: schedule },
];
