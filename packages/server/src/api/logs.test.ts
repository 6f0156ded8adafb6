import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventRecord, FrameRecord } from '../ns/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { createHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

afterEach(async () => {
  await h.close();
});

function frame(
  fCnt: number,
  devAddr: string,
  gatewayEui = 'aa555a0000000101',
): Omit<FrameRecord, 'id'> {
  return {
    time: new Date(1_700_000_000_000 + fCnt * 1000).toISOString(),
    dir: 'up',
    devAddr: devAddr as DevAddr,
    fCnt,
    fPort: 1,
    data: 'cafe',
    confirmed: false,
    gateways: [
      {
        gatewayEui: gatewayEui as Eui64,
        rssiDbm: -40,
        snrDb: 9,
        timestampUs: fCnt,
        frequencyHz: 868_100_000,
        dataRate: 'SF7BW125',
        server: 'n1',
      },
    ],
    server: 'n1',
  };
}

describe('frames', () => {
  beforeEach(async () => {
    for (let i = 0; i < 6; i += 1) {
      h.store.appendFrame(
        frame(i, i % 2 === 0 ? '26011001' : '26011002', i === 5 ? 'aa555a0000000202' : undefined),
      );
    }
    await h.store.flush();
  });

  it('lists newest first by default with Content-Range', async () => {
    const res = await h.call({ url: '/api/frames?range=[0,2]' });
    expect(res.headers['content-range']).toBe('frames 0-2/6');
    expect(res.json<FrameRecord[]>().map((f) => f.fCnt)).toEqual([5, 4, 3]);
  });

  it('sorts oldest first when asked', async () => {
    const res = await h.call({ url: '/api/frames?sort=["time","ASC"]&range=[0,1]' });
    expect(res.json<FrameRecord[]>().map((f) => f.fCnt)).toEqual([0, 1]);
  });

  it('filters by devAddr (any spelling) and by gateway', async () => {
    const byAddr = await h.call({
      url: `/api/frames?filter=${encodeURIComponent('{"devAddr":"26:01:10:02"}')}`,
    });
    expect(byAddr.headers['content-range']).toBe('frames 0-2/3');
    expect(byAddr.json<FrameRecord[]>().map((f) => f.fCnt)).toEqual([5, 3, 1]);
    const byGw = await h.call({
      url: `/api/frames?filter=${encodeURIComponent('{"gateway":"AA555A0000000202"}')}`,
    });
    expect(byGw.json<FrameRecord[]>().map((f) => f.fCnt)).toEqual([5]);
  });

  it('frame gateways carry SPEC names and units (rssi, lsnr, tmst, freq in MHz, datr)', async () => {
    const [first] = (await h.call({ url: '/api/frames?range=[0,0]' })).json<unknown[]>();
    expect(first).toMatchObject({
      gateways: [{ rssi: -40, lsnr: 9, tmst: 5, freq: 868.1, datr: 'SF7BW125', server: 'n1' }],
    });
  });

  it('GET one frame by id; frames are read-only', async () => {
    const [first] = (await h.call({ url: '/api/frames?range=[0,0]' })).json<FrameRecord[]>();
    const one = await h.call({ url: `/api/frames/${first!.id}` });
    expect(one.json()).toEqual(first);
    const post = await h.call({ method: 'POST', url: '/api/frames', payload: {} });
    expect(post.statusCode).toBe(404);
    const missing = await h.call({ url: '/api/frames/nope' });
    expect(missing.json()).toEqual({ error: 'not_found', message: 'frame nope does not exist' });
  });
});

describe('events', () => {
  it('lists newest first and filters by kind, severity and entity', async () => {
    h.store.appendEvent({ severity: 'warning', kind: 'mic_failed', entity: '26011001', text: 'a' });
    h.store.appendEvent({ severity: 'info', kind: 'join', entity: '70b3d57ed0000001', text: 'b' });
    h.store.appendEvent({
      severity: 'warning',
      kind: 'unknown_gateway',
      entity: 'aa555a0000000909',
      text: 'c',
    });
    await h.store.flush();
    const all = await h.call({ url: '/api/events' });
    expect(all.json<EventRecord[]>().map((e) => e.text)).toEqual(['c', 'b', 'a']);
    expect(all.headers['content-range']).toBe('events 0-2/3');
    const warn = await h.call({
      url: `/api/events?filter=${encodeURIComponent('{"severity":"warning"}')}`,
    });
    expect(warn.json<EventRecord[]>().map((e) => e.text)).toEqual(['c', 'a']);
    const kind = await h.call({
      url: `/api/events?filter=${encodeURIComponent('{"kind":"join"}')}`,
    });
    expect(kind.json<EventRecord[]>().map((e) => e.text)).toEqual(['b']);
    const entity = await h.call({
      url: `/api/events?filter=${encodeURIComponent('{"entity":"70-B3-D5-7E-D0-00-00-01"}')}`,
    });
    expect(entity.json<EventRecord[]>().map((e) => e.text)).toEqual(['b']);
  });
});
