/**
 * Sample events in the SPEC "Integration event" shape (what outputs get), `upNsEvent` as the
 * network server publishes it, and a poll helper for async delivery.
 */
import type { IntegrationEvent } from '../../ns/index.js';
import type { IntegrationEventJson } from '../../shared/contract.js';
import type { DevAddr, Eui64 } from '../../shared/ids.js';

export const devEui = '0102030405060708' as Eui64;
export const devAddr = '26011bda' as DevAddr;

export const upEvent: IntegrationEventJson = {
  type: 'up',
  devEui,
  devAddr,
  fCnt: 7,
  fPort: 2,
  data: 'AQID',
  confirmed: false,
  adr: true,
  rxInfo: [
    {
      gatewayEui: 'aa555a0000000101',
      rssi: -57,
      lsnr: 9.5,
      time: '2026-01-01T00:00:00.000000Z',
      tmst: 3512348611,
      server: 'n1',
    },
  ],
  txInfo: { freq: 868.1, datr: 'SF7BW125', codr: '4/5' },
  receivedAt: '2026-01-01T00:00:00.010Z',
};

export const joinEvent = {
  type: 'join',
  devEui,
  devAddr,
  joinEui: '70b3d57ed0000000' as Eui64,
  rxInfo: [],
  receivedAt: '2026-01-01T00:00:01.000Z',
} satisfies IntegrationEvent;

export const statusEvent = {
  type: 'status',
  devAddr,
  battery: 200,
  margin: 10,
  receivedAt: '2026-01-01T00:00:02.000Z',
} satisfies IntegrationEvent;

export const errorEvent = {
  type: 'error',
  kind: 'unknown_devaddr',
  text: 'no session for 26011bdb',
  receivedAt: '2026-01-01T00:00:03.000Z',
} satisfies IntegrationEvent;

/** An up event numbered `n` (fCnt), to tell events apart. */
export function upNumbered(n: number): IntegrationEventJson {
  return { ...upEvent, fCnt: n } as IntegrationEventJson;
}

/** `upEvent` as the network server publishes it: integrationEventJson(upNsEvent) is upEvent. */
export const upNsEvent: IntegrationEvent = {
  type: 'up',
  devEui,
  devAddr,
  fCnt: 7,
  fPort: 2,
  data: 'AQID',
  confirmed: false,
  adr: true,
  rxInfo: [
    {
      gatewayEui: 'aa555a0000000101' as Eui64,
      rssiDbm: -57,
      snrDb: 9.5,
      time: '2026-01-01T00:00:00.000000Z',
      timestampUs: 3512348611,
      server: 'n1',
    },
  ],
  txInfo: { frequencyHz: 868_100_000, dataRate: 'SF7BW125', codingRate: '4/5' },
  receivedAt: '2026-01-01T00:00:00.010Z',
};

/** Polls `check` until it returns true; fails after `timeoutMs` (a hang guard, not an assertion on time). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
