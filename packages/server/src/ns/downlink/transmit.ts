/**
 * Sends one downlink through the first window and gateway that take it: windows in order (RX1,
 * RX2), gateways best copy first. NO_PATH moves on to the next gateway, a gateway's refusal to
 * the next window; a window whose deadline has passed is never used [DESIGN "Timing budget"].
 */
import type { Logger } from '../../shared/logger.js';
import type { Eui64 } from '../../shared/ids.js';
import type { DownlinkFrame, UplinkFrame } from '../../shared/radio.js';
import type { NsConfig } from '../config.js';
import type { Gateway, LastGateway } from '../model.js';
import type { NsPorts, TxAckStatus } from '../ports.js';
import type { DownlinkWindowName, RxWindow } from './rx-windows.js';
import {
  DOWNLINK_CODING_RATE,
  isWindowReachable,
  windowOpensAtMs,
  windowTimestampUs,
} from './rx-windows.js';
import { describeTxAck, txAckAction } from './tx-ack.js';

/** What the downlink side needs from the world; the scheduler's constructor argument. */
export interface DownlinkContext {
  readonly ports: NsPorts;
  readonly config: NsConfig;
  readonly log: Logger;
}

/** A gateway that can reach the device. */
export interface DownlinkTarget {
  readonly gatewayEui: Eui64;
  /** Concentrator time at the end of the uplink at this gateway; undefined for class C. */
  readonly uplinkTimestampUs: number | undefined;
  readonly rssiDbm: number;
  readonly snrDb: number;
}

/** One downlink to place: where (gateways), when (windows) and what (frame per window). */
export interface TransmitPlan {
  /** Gateways to try, best first. */
  readonly targets: readonly DownlinkTarget[];
  /** Windows to try, in order. */
  readonly windows: readonly RxWindow[];
  /** This node's wall-clock ms at the uplink's first copy; class A windows open relative to it. */
  readonly receivedMs: number;
  /** The PHYPayload for a window (it may depend on the window's data rate); undefined skips it. */
  frameFor(window: RxWindow): Buffer | undefined;
  /** The device, when known (a Basics Station names it in its downlink message). */
  readonly devEui?: Eui64 | undefined;
}

/** A gateway's verdict, or `too_late` when a window's deadline passed before sending. */
export type TransmitStatus = TxAckStatus | 'too_late';

/** One try of one window through one gateway. */
export interface TxAttempt {
  readonly window: DownlinkWindowName;
  /** Undefined when no gateway was tried because the window's deadline had passed. */
  readonly gatewayEui: Eui64 | undefined;
  readonly status: TransmitStatus;
}

/** The window and gateway that took the frame, or why none did. */
export type TransmitResult =
  | {
      readonly sent: true;
      readonly window: RxWindow;
      readonly target: DownlinkTarget;
      readonly gateway: Gateway | undefined;
      readonly frame: DownlinkFrame;
      readonly attempts: readonly TxAttempt[];
    }
  | {
      readonly sent: false;
      /** The metric label: the gateway's error if one answered, else NO_PATH or too_late. */
      readonly reason: TransmitStatus;
      readonly attempts: readonly TxAttempt[];
    };

/** The gateways of a class A uplink's copies, best copy first. */
export function targetsFromCopies(copies: readonly UplinkFrame[]): DownlinkTarget[] {
  return copies.map((copy) => ({
    gatewayEui: copy.rxInfo.gatewayEui,
    uplinkTimestampUs: copy.rxInfo.timestampUs,
    rssiDbm: copy.rxInfo.rssiDbm,
    snrDb: copy.rxInfo.snrDb,
  }));
}

/** The gateway that last heard a class C device. */
export function targetFromLastGateway(last: LastGateway): DownlinkTarget {
  return {
    gatewayEui: last.gatewayEui,
    uplinkTimestampUs: undefined,
    rssiDbm: last.rssiDbm,
    snrDb: last.snrDb,
  };
}

/** Tries windows and gateways in order until one gateway takes the frame. */
export async function transmit(ctx: DownlinkContext, plan: TransmitPlan): Promise<TransmitResult> {
  const { ports, config } = ctx;
  const attempts: TxAttempt[] = [];
  const gateways = new Map<Eui64, Gateway | undefined>();

  for (const window of plan.windows) {
    const phyPayload = plan.frameFor(window);
    if (phyPayload === undefined) continue;
    let refused = false;
    for (const target of plan.targets) {
      if (!isWindowReachable(window, plan.receivedMs, ports.clock.now(), config.downlinkLeadMs)) {
        attempts.push({ window: window.name, gatewayEui: undefined, status: 'too_late' });
        refused = true;
        break;
      }
      const timing = timingFor(window, target);
      if (timing === undefined) continue;
      if (!gateways.has(target.gatewayEui)) {
        gateways.set(target.gatewayEui, await ports.gateways.getGateway(target.gatewayEui));
      }
      const gateway = gateways.get(target.gatewayEui);
      const frame: DownlinkFrame = {
        gatewayEui: target.gatewayEui,
        phyPayload,
        timing,
        frequencyHz: window.frequencyHz,
        dataRate: window.dataRate,
        codingRate: DOWNLINK_CODING_RATE,
        txPowerDbm: window.txPowerDbm,
        rfChain: gateway?.txRfChain ?? 0,
        // [L2 1.0.4 §3.3] downlinks to devices invert IQ so other devices do not hear them.
        polarizationInversion: true,
        ...(plan.devEui === undefined ? {} : { devEui: plan.devEui }),
        ...(window.delayS === undefined
          ? {}
          : { windowOpensMs: windowOpensAtMs(plan.receivedMs, window.delayS) }),
      };
      const status = await sendGuarded(ctx, frame);
      attempts.push({ window: window.name, gatewayEui: target.gatewayEui, status });
      const action = txAckAction(status, timing.kind);
      if (action === 'sent') return { sent: true, window, target, gateway, frame, attempts };
      if (action === 'give_up') return { sent: false, reason: status, attempts };
      if (action === 'next_window') {
        refused = true;
        break;
      }
    }
    // Every gateway lacks a downlink path: a later window cannot change that.
    if (!refused) break;
  }
  return { sent: false, reason: failureReason(attempts), attempts };
}

/** "rx1 via 0102030405060708: collision …; rx2: too late", for events. */
export function describeAttempts(attempts: readonly TxAttempt[]): string {
  if (attempts.length === 0) return 'no gateway to send through';
  return attempts
    .map((a) =>
      a.gatewayEui === undefined
        ? `${a.window}: ${describeTxAck(a.status)}`
        : `${a.window} via ${a.gatewayEui}: ${describeTxAck(a.status)}`,
    )
    .join('; ');
}

function timingFor(window: RxWindow, target: DownlinkTarget): DownlinkFrame['timing'] | undefined {
  if (window.delayS === undefined) return { kind: 'immediate' };
  if (target.uplinkTimestampUs === undefined) return undefined;
  return {
    kind: 'timestamp',
    timestampUs: windowTimestampUs(target.uplinkTimestampUs, window.delayS),
  };
}

async function sendGuarded(ctx: DownlinkContext, frame: DownlinkFrame): Promise<TxAckStatus> {
  try {
    return await ctx.ports.downlinks.send(frame);
  } catch (err) {
    // A sender bug must not leave the device without an answer or crash the pipeline.
    ctx.log.warn({ err, gatewayEui: frame.gatewayEui }, 'downlink send failed');
    return 'UNKNOWN';
  }
}

function failureReason(attempts: readonly TxAttempt[]): TransmitStatus {
  const gatewayError = attempts.findLast((a) => a.status !== 'too_late' && a.status !== 'NO_PATH');
  return gatewayError?.status ?? attempts.at(-1)?.status ?? 'NO_PATH';
}
