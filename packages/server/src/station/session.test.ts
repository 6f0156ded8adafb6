import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { getRegion } from '../lorawan/index.js';
import type { TxAckStatus } from '../ns/index.js';
import type { Eui64 } from '../shared/ids.js';
import type { DownlinkFrame, UplinkFrame } from '../shared/radio.js';
import { FakeClock } from '../testing/fake-clock.js';
import { StationHub } from './hub.js';

const GW = 'b827ebfffe6151ad' as Eui64;
const XTIME = (1n << 56n) | 5_000_000n;

function updf(xtime: bigint): string {
  return (
    '{"msgtype":"updf","MHdr":64,"DevAddr":16841136,"FCtrl":0,"FCnt":1,"FOpts":"","FPort":1,' +
    `"FRMPayload":"AA","MIC":1,"DR":5,"Freq":868100000,"upinfo":{"rctx":0,"xtime":${xtime},` +
    '"rssi":-40,"snr":9}}'
  );
}

function setup() {
  const clock = new FakeClock();
  const lines: { level: number; msg: string }[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const uplinks: UplinkFrame[] = [];
  const hub = new StationHub({ clock, log, handleUplinkFrame: (f) => uplinks.push(f) });
  const sent: Record<string, unknown>[] = [];
  const session = hub.attach(GW, getRegion('EU868'), {
    send: (text) => sent.push(JSON.parse(text) as Record<string, unknown>),
    close: () => undefined,
  });
  return { clock, hub, session, sent, uplinks, lines };
}

function downlinkAfter(uplink: UplinkFrame, delayS: number): DownlinkFrame {
  return {
    gatewayEui: GW,
    phyPayload: Buffer.from('60b0f90001000000', 'hex'),
    timing: {
      kind: 'timestamp',
      timestampUs: (uplink.rxInfo.timestampUs + delayS * 1_000_000) % 2 ** 32,
    },
    frequencyHz: 868_100_000,
    dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
    txPowerDbm: 14,
    polarizationInversion: true,
  };
}

async function settled(p: Promise<TxAckStatus>): Promise<TxAckStatus | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 10))]);
}

describe('a Station connection', () => {
  it('answers version with router_config stamped with MuxTime', () => {
    const { session, sent, clock } = setup();
    session.onText('{"msgtype":"version","station":"2.0.6","protocol":2}');
    expect(sent[0]).toMatchObject({ msgtype: 'router_config', MuxTime: clock.now() / 1000 });
  });

  it('waits for dntxed until the window opens plus the margin, then reports NOT_TRANSMITTED', async () => {
    const { session, sent, uplinks, clock, hub } = setup();
    session.onText(updf(XTIME));
    expect(uplinks).toHaveLength(1);
    const status = hub.send(downlinkAfter(uplinks[0]!, 1));
    expect(sent.at(-1)).toMatchObject({ msgtype: 'dnmsg', RxDelay: 1 });
    clock.advance(1000 + 399);
    expect(await settled(status)).toBe('pending');
    clock.advance(1);
    expect(await status).toBe('NOT_TRANSMITTED');
    expect(hub.stats.dntxedMissing).toBe(1);
    // The dntxed that comes after all is counted as late, not as a transmission.
    session.onText(`{"msgtype":"dntxed","diid":${String(sent.at(-1)!.diid)}}`);
    expect(hub.stats.dntxedLate).toBe(1);
    expect(session.transmitted).toBe(0);
  });

  it('reports ok on the dntxed of the diid it sent', async () => {
    const { session, sent, uplinks, hub } = setup();
    session.onText(updf(XTIME));
    const status = hub.send(downlinkAfter(uplinks[0]!, 1));
    session.onText(`{"msgtype":"dntxed","diid":${String(sent.at(-1)!.diid)}}`);
    expect(await status).toBe('ok');
    expect(session.transmitted).toBe(1);
  });

  it('sends the second frame for one uplink, one second later, as RX2', async () => {
    const { session, sent, uplinks, hub, clock } = setup();
    session.onText(updf(XTIME));
    const rx1 = hub.send(downlinkAfter(uplinks[0]!, 1));
    clock.advance(1400);
    expect(await rx1).toBe('NOT_TRANSMITTED');
    void hub.send({
      ...downlinkAfter(uplinks[0]!, 2),
      frequencyHz: 869_525_000,
      dataRate: { modulation: 'LORA', spreadingFactor: 12, bandwidthHz: 125_000 },
    });
    expect(sent.at(-1)).toMatchObject({ RxDelay: 1, RX2DR: 0, RX2Freq: 869_525_000 });
  });

  it('sends a class C frame at once (dC 2, RX2 fields, the latest rctx) and waits 1 s for dntxed', async () => {
    const { session, sent, uplinks, hub, clock } = setup();
    session.onText(updf(XTIME).replace('"rctx":0', '"rctx":2'));
    const status = hub.send({ ...downlinkAfter(uplinks[0]!, 1), timing: { kind: 'immediate' } });
    expect(sent.at(-1)).toMatchObject({
      msgtype: 'dnmsg',
      dC: 2,
      RX2DR: 5,
      RX2Freq: 868_100_000,
      rctx: 2,
    });
    expect(sent.at(-1)).not.toHaveProperty('xtime');
    clock.advance(999);
    expect(await settled(status)).toBe('pending');
    clock.advance(1);
    expect(await status).toBe('NOT_TRANSMITTED');
  });

  it('has no path for a frame timed on an uplink it did not receive, nor after it closed', async () => {
    const { session, uplinks, hub } = setup();
    session.onText(updf(XTIME));
    const other = { ...uplinks[0]!, rxInfo: { ...uplinks[0]!.rxInfo, timestampUs: 123 } };
    expect(await hub.send(downlinkAfter(other, 1))).toBe('NO_PATH');
    const pending = hub.send(downlinkAfter(uplinks[0]!, 1));
    hub.detach(session);
    expect(await pending).toBe('NOT_TRANSMITTED');
    expect(await hub.send(downlinkAfter(uplinks[0]!, 1))).toBe('NO_PATH');
    expect(hub.heardMs(GW)).toBeUndefined();
    expect([...hub.live()]).toEqual([
      expect.objectContaining({ gatewayEui: GW, connected: false }),
    ]);
  });

  it('counts every bad message, warns once per kind, and keeps going', () => {
    const { session, sent, hub, lines } = setup();
    session.onText('nope');
    session.onText('nope again');
    session.onText('{"msgtype":"what"}');
    session.onBinary();
    session.onText('{"msgtype":"timesync","txtime":42}');
    expect(hub.stats.dropped).toEqual(
      new Map([
        ['STATION_INVALID_JSON', 2],
        ['STATION_UNKNOWN_MSGTYPE', 1],
        ['STATION_UNSUPPORTED', 1],
      ]),
    );
    const warnings = lines.filter((l) => l.level === 40 && l.msg === 'station message dropped');
    expect(warnings).toHaveLength(3);
    expect(sent.at(-1)).toMatchObject({ msgtype: 'timesync', txtime: 42 });
  });
});
