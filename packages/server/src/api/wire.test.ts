import { describe, expect, it } from 'vitest';
import type { FrameRecord, NodeSession } from '../ns/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { frameJson, nodeJson } from './wire.js';

const gatewayEui = 'aa555a0000000101' as Eui64;

describe('REST edge of radio values', () => {
  it('frameJson writes each gateway copy in SPEC names: dBm, dB, MHz, tmst, datr', () => {
    const frame: FrameRecord = {
      id: 'f1',
      time: '2026-01-01T00:00:00.000Z',
      dir: 'up',
      devAddr: '26011bda' as DevAddr,
      fCnt: 3,
      fPort: 1,
      data: 'cafe',
      confirmed: false,
      gateways: [
        {
          gatewayEui,
          rssiDbm: -57,
          snrDb: 9.5,
          timestampUs: 3512348611,
          frequencyHz: 868_100_000,
          dataRate: 'SF7BW125',
          server: 'n1',
        },
      ],
      server: 'n1',
    };
    expect(frameJson(frame)).toEqual({
      ...frame,
      gateways: [
        {
          gatewayEui,
          rssi: -57,
          lsnr: 9.5,
          tmst: 3512348611,
          freq: 868.1,
          datr: 'SF7BW125',
          server: 'n1',
        },
      ],
    });
  });

  it('nodeJson renames lastGateway only and keeps every other field', () => {
    const session: NodeSession = {
      id: '26011bda' as DevAddr,
      profileId: 'p1',
      nwkSKey: '00'.repeat(16),
      appSKey: '11'.repeat(16),
      fCntDown: 4,
      pendingMac: [],
      lastGateway: { gatewayEui, rssiDbm: -80, snrDb: 3, server: 'n2' },
    };
    expect(nodeJson(session)).toEqual({
      ...session,
      lastGateway: { gatewayEui, rssi: -80, lsnr: 3, server: 'n2' },
    });
    const bare: NodeSession = { ...session, lastGateway: undefined };
    expect(nodeJson(bare)).toEqual(bare);
  });
});
