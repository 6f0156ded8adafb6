/** Sample events in the SPEC "Integration event" shape, and a poll helper for async delivery. */
import type { IntegrationEvent } from '../../ns/index.js';
import type { DevAddr, Eui64 } from '../../shared/ids.js';

export const devEui = '0102030405060708' as Eui64;
export const devAddr = '26011bda' as DevAddr;

export const upEvent: IntegrationEvent = {
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

export const joinEvent: IntegrationEvent = {
  type: 'join',
  devEui,
  devAddr,
  joinEui: '70b3d57ed0000000' as Eui64,
  rxInfo: [],
  receivedAt: '2026-01-01T00:00:01.000Z',
};

export const statusEvent: IntegrationEvent = {
  type: 'status',
  devAddr,
  battery: 200,
  margin: 10,
  receivedAt: '2026-01-01T00:00:02.000Z',
};

export const errorEvent: IntegrationEvent = {
  type: 'error',
  kind: 'unknown_devaddr',
  text: 'no session for 26011bdb',
  receivedAt: '2026-01-01T00:00:03.000Z',
};

/** An up event numbered `n` (fCnt), to tell events apart. */
export function upNumbered(n: number): IntegrationEvent {
  return { ...upEvent, fCnt: n } as IntegrationEvent;
}

/** Polls `check` until it returns true; fails after `timeoutMs` (a hang guard, not an assertion on time). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
