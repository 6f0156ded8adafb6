/**
 * The class A / class C downlink scheduler: answers each uplink in RX1 or RX2 (never late) and
 * sends class C queues at once. Work for one device is serialised on this node so FCntDown is
 * read and advanced by one task at a time.
 */
import type { Region } from '../../lorawan/index.js';
import type { Logger } from '../../shared/logger.js';
import type { NsConfig } from '../config.js';
import type { NodeSession, Profile } from '../model.js';
import type { NsPorts } from '../ports.js';
import { sendClassCQueue } from './class-c.js';
import { classAAnswerDue, composeDataDownlink } from './data-downlink.js';
import { KeyedSerializer } from '../../shared/keyed-serializer.js';
import { sendJoinAccept } from './join-accept.js';
import { reportTooLate } from './report.js';
import { classAWindows, isWindowReachable } from './rx-windows.js';
import { sendDataDownlink } from './send-data.js';
import type { DownlinkContext } from './transmit.js';
import { targetsFromCopies } from './transmit.js';
import type { ClassARequest, DownlinkScheduler } from './types.js';

type DataRequest = Extract<ClassARequest, { kind: 'data' }>;

/** Constructor argument of ClassADownlinkScheduler. */
export interface ClassADownlinkSchedulerOptions {
  readonly ports: NsPorts;
  readonly config: NsConfig;
  readonly log: Logger;
}

/** DownlinkScheduler for class A answers and class C queues; see README.md. */
export class ClassADownlinkScheduler implements DownlinkScheduler {
  readonly #ctx: DownlinkContext;
  readonly #lock = new KeyedSerializer();

  constructor(options: ClassADownlinkSchedulerOptions) {
    this.#ctx = {
      ports: options.ports,
      config: options.config,
      log: options.log.child({ module: 'ns' }),
    };
  }

  /** Never rejects: a failure is logged, counted and reported as a `tx_error` event. */
  scheduleClassA(request: ClassARequest): Promise<void> {
    return this.#lock.run(request.session.id, async () => {
      try {
        if (request.kind === 'join') await sendJoinAccept(this.#ctx, request);
        else await this.#answerData(request);
      } catch (err) {
        this.#internalError(request.session, request.kind, err);
      }
    });
  }

  /** Never rejects; see scheduleClassA. */
  sendClassC(session: NodeSession, profile: Profile, region: Region): Promise<void> {
    return this.#lock.run(session.id, async () => {
      try {
        await sendClassCQueue(this.#ctx, session, profile, region);
      } catch (err) {
        this.#internalError(session, 'class_c', err);
      }
    });
  }

  async #answerData(request: DataRequest): Promise<void> {
    const { ports, config, log } = this.#ctx;
    const { uplink, session, profile, region } = request;
    const devAddr = session.id;
    const [queued, queuedCount] = await Promise.all([
      ports.queue.peek(devAddr),
      ports.queue.count(devAddr),
    ]);
    const hasWork = classAAnswerDue({
      ack: request.ackRequested,
      adrAckReq: request.adrAckReq,
      macCommands: request.macCommands.length,
      queued: queued !== undefined,
    });
    const best = uplink.copies[0];
    if (!hasWork || best === undefined) return;

    const { windows, rx1Unavailable } = classAWindows({
      kind: 'data',
      uplink: best,
      profile,
      region,
    });
    if (rx1Unavailable !== undefined) {
      log.debug({ devAddr, reason: rx1Unavailable }, 'rx1 unavailable');
    }
    const nowMs = ports.clock.now();
    const reachable = windows.filter((w) =>
      isWindowReachable(w, uplink.receivedMs, nowMs, config.downlinkLeadMs),
    );
    if (reachable.length === 0) {
      // Checked before FCntDown is taken: nothing was built, so no counter is spent.
      reportTooLate(this.#ctx, devAddr, 'downlink', windows);
      return;
    }
    await sendDataDownlink(this.#ctx, {
      session,
      region,
      targets: targetsFromCopies(uplink.copies),
      windows: reachable,
      receivedMs: uplink.receivedMs,
      reservedFCntDown: request.reservedFCntDown,
      compose: (maxPayload) =>
        composeDataDownlink({
          adr: profile.adr,
          ack: request.ackRequested,
          adrAckReq: request.adrAckReq,
          macCommands: request.macCommands,
          queued,
          queuedCount,
          maxPayload,
        }),
    });
  }

  #internalError(session: NodeSession, what: string, err: unknown): void {
    const { ports, log } = this.#ctx;
    log.error({ err, devAddr: session.id, what }, 'downlink failed');
    ports.sink.event({
      severity: 'error',
      kind: 'tx_error',
      entity: session.id,
      text: `${what} downlink failed: ${err instanceof Error ? err.message : String(err)}`,
    });
    ports.metrics.downlinkFailed('UNKNOWN');
  }
}
