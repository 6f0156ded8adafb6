/**
 * What a downlink leaves behind: `tx_error` events, metrics and frames-log entries.
 */
import type { NodeSession } from '../model.js';
import type { DataDownlinkContent, TooLargeDownlink } from './data-downlink.js';
import type { RxWindow } from './rx-windows.js';
import { dataRateName } from '../../shared/radio.js';
import type { DownlinkContext, TransmitResult } from './transmit.js';
import { describeAttempts } from './transmit.js';

type Sent = Extract<TransmitResult, { sent: true }>;
type Failed = Extract<TransmitResult, { sent: false }>;

/** Counts the window a downlink went out in. */
export function reportSent(ctx: DownlinkContext, result: Sent): void {
  ctx.ports.metrics.downlinkSent(result.window.name);
}

/** A `tx_error` event naming every window and gateway tried, plus the failure metric. */
export function reportFailed(
  ctx: DownlinkContext,
  entity: string,
  what: string,
  result: Failed,
): void {
  ctx.ports.sink.event({
    severity: 'warning',
    kind: 'tx_error',
    entity,
    text: `${what} not sent: ${describeAttempts(result.attempts)}`,
  });
  ctx.ports.metrics.downlinkFailed(result.reason);
}

/** Nothing was sent because every window's deadline had passed before we could start. */
export function reportTooLate(
  ctx: DownlinkContext,
  entity: string,
  what: string,
  windows: readonly RxWindow[],
): void {
  const names = windows.map((w) => w.name).join(' and ');
  ctx.ports.sink.event({
    severity: 'warning',
    kind: 'tx_error',
    entity,
    text: `${what} not sent: too late for ${names}`,
  });
  ctx.ports.metrics.downlinkFailed('too_late');
}

/** The oldest queued downlink cannot go out at this data rate; it stays queued. */
export function reportTooLarge(
  ctx: DownlinkContext,
  entity: string,
  tooLarge: TooLargeDownlink,
  window: RxWindow,
): void {
  ctx.ports.sink.event({
    severity: 'warning',
    kind: 'tx_error',
    entity,
    text:
      `queued downlink ${tooLarge.item.id} (${tooLarge.sizeBytes} bytes) is too large for ` +
      `DR${window.dataRateIndex} in ${window.name} (max ${tooLarge.maxBytes} bytes): it stays queued`,
  });
}

/** The frames-log entry of a sent data downlink; `data` is the plaintext FRMPayload. */
export function logDownlinkFrame(
  ctx: DownlinkContext,
  session: NodeSession,
  fCntDown: number,
  content: DataDownlinkContent,
  result: Sent,
): void {
  const { frame, target, window, gateway } = result;
  ctx.ports.sink.frame({
    time: new Date(ctx.ports.clock.now()).toISOString(),
    dir: 'down',
    devAddr: session.id,
    devEui: session.devEui,
    fCnt: fCntDown,
    fPort: content.fPort,
    data: content.payload.toString('hex'),
    confirmed: content.mType === 'ConfirmedDataDown',
    gateways: [
      {
        gatewayEui: target.gatewayEui,
        rssiDbm: target.rssiDbm,
        snrDb: target.snrDb,
        timestampUs: frame.timing.kind === 'timestamp' ? frame.timing.timestampUs : 0,
        frequencyHz: window.frequencyHz,
        dataRate: dataRateName(window.dataRate),
        server: gateway?.server ?? ctx.config.server,
      },
    ],
    server: ctx.config.server,
  });
}
