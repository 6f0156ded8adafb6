/**
 * Class C [L2 1.0.4 §6]: the device listens on RX2 whenever it is not transmitting, so queued
 * downlinks go out at once (GWMP `imme`) on the RX2 parameters, through the gateway that heard
 * the device last. One frame at a time, each after the previous one's TX_ACK.
 */
import { getRegion } from '../../lorawan/index.js';
import type { Region } from '../../lorawan/index.js';
import type { DevAddr } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { NodeSession, Profile } from '../model.js';
import type { NsPorts } from '../ports.js';
import { soleOwnership } from '../ports.js';
import { composeDataDownlink } from './data-downlink.js';
import { classCWindow } from './rx-windows.js';
import { sendDataDownlink } from './send-data.js';
import type { DownlinkContext } from './transmit.js';
import { targetFromLastGateway } from './transmit.js';
import type { DownlinkScheduler } from './types.js';

/**
 * Sends the device's queue until it is empty, a frame fails or the oldest item cannot go out.
 * Returns how many frames were sent. The caller serialises calls per device.
 */
export async function sendClassCQueue(
  ctx: DownlinkContext,
  session: NodeSession,
  profile: Profile,
  region: Region,
): Promise<number> {
  const { ports } = ctx;
  const devAddr = session.id;
  // The caller's copy may predate a class A answer: the stored one has the latest FCntDown.
  let current = (await ports.sessions.getSession(devAddr)) ?? session;
  const last = current.lastGateway;
  if (last === undefined) {
    if ((await ports.queue.count(devAddr)) > 0) {
      ports.sink.event({
        severity: 'info',
        kind: 'tx_error',
        entity: devAddr,
        text: 'class C downlink waits: no uplink heard from the device yet, so no gateway is known',
      });
    }
    return 0;
  }
  const window = classCWindow(profile, region);
  const target = targetFromLastGateway(last);
  let sent = 0;
  for (;;) {
    const [queued, queuedCount] = await Promise.all([
      ports.queue.peek(devAddr),
      ports.queue.count(devAddr),
    ]);
    if (queued === undefined) break;
    const base = current;
    const outcome = await sendDataDownlink(ctx, {
      session: base,
      region,
      targets: [target],
      windows: [window],
      receivedMs: ports.clock.now(),
      compose: (maxPayload) =>
        composeDataDownlink({
          adr: profile.adr,
          ack: base.rxWindowsState?.ackPending === true,
          adrAckReq: false,
          macCommands: [],
          queued,
          queuedCount,
          maxPayload,
        }),
    });
    if (outcome.status !== 'sent') break;
    current = outcome.session;
    sent++;
    // An ACK-only frame (the item was too large) leaves the queue as it was: stop, not spin.
    if (outcome.content.item === undefined) break;
  }
  return sent;
}

/** Handle on the class C dispatcher, for shutdown and tests. */
export interface ClassCDispatcher {
  /**
   * Sends the device's queue now if it is a class C device this node owns (e.g. one it just
   * took over from a node that left with downlinks still queued).
   */
  wake(devAddr: DevAddr): void;
  /** Resolves once no class C send started by the dispatcher is running. */
  whenIdle(): Promise<void>;
}

interface DeviceRun {
  again: boolean;
  done: Promise<void>;
}

/**
 * Sends class C downlinks as they are queued: on every `ports.queue.onQueued`, if the device's
 * profile is class C, calls `scheduler.sendClassC`. Runs per device are serialised; items queued
 * during a run trigger one more run, not one per item.
 */
export function attachClassC(
  ports: NsPorts,
  scheduler: Pick<DownlinkScheduler, 'sendClassC'>,
  log: Logger,
): ClassCDispatcher {
  const runs = new Map<DevAddr, DeviceRun>();

  const ownership = ports.ownership ?? soleOwnership;
  const runOnce = async (devAddr: DevAddr): Promise<void> => {
    try {
      // A queue change replicates to every node; only the device's owner sends.
      if (!ownership.ownsDevAddr(devAddr)) return;
      const session = await ports.sessions.getSession(devAddr);
      if (session === undefined) return;
      const profile = await ports.profiles.getProfile(session.profileId);
      if (profile?.deviceClass !== 'C') return;
      await scheduler.sendClassC(session, profile, getRegion(profile.region));
    } catch (err) {
      log.error({ err, devAddr }, 'class c downlink failed');
    }
  };

  const wake = (devAddr: DevAddr): void => {
    const running = runs.get(devAddr);
    if (running !== undefined) {
      running.again = true;
      return;
    }
    const run: DeviceRun = { again: false, done: Promise.resolve() };
    runs.set(devAddr, run);
    run.done = (async () => {
      do {
        run.again = false;
        await runOnce(devAddr);
      } while (run.again);
      runs.delete(devAddr);
    })();
  };
  ports.queue.onQueued((item) => wake(item.devAddr));

  return {
    wake,
    async whenIdle() {
      while (runs.size > 0) await Promise.all([...runs.values()].map((r) => r.done));
    },
  };
}
