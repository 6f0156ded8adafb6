import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { GatewayLiveInfo } from '../api/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { GatewayPresence, mergeGatewayLive } from './gateway-presence.js';
import { TOPICS } from './port.js';
import { MemoryMesh } from './testing/memory-mesh.js';

const log = pino({ level: 'silent' });
const GW = 'b827ebfffe6151ad';

function entry(over: Partial<GatewayLiveInfo>): GatewayLiveInfo {
  return { gatewayEui: GW, lastSeen: '2026-01-01T00:00:00.000Z', ...over };
}

describe('the cluster-wide gateway list', () => {
  it('merges: connected if any node has a path; server and protocol of the latest such node', () => {
    const merged = mergeGatewayLive([
      entry({
        server: 'n1',
        protocol: 'udp',
        connected: false,
        lastSeen: '2026-01-01T00:00:09.000Z',
      }),
      entry({
        server: 'n2',
        protocol: 'basics-station',
        connected: true,
        lastSeen: '2026-01-01T00:00:05.000Z',
      }),
      entry({ gatewayEui: 'aa555a0000000001', server: 'n3', protocol: 'udp', connected: false }),
    ]);
    expect(merged).toEqual([
      entry({
        server: 'n2',
        protocol: 'basics-station',
        connected: true,
        // The latest sighting anywhere.
        lastSeen: '2026-01-01T00:00:09.000Z',
      }),
      entry({ gatewayEui: 'aa555a0000000001', server: 'n3', protocol: 'udp', connected: false }),
    ]);
  });

  it('asks the live peers, and leaves out one that does not answer in time', async () => {
    const mesh = new MemoryMesh();
    const clock = new FakeClock();
    const own = (server: string, connected: boolean) => () => [
      entry({ server, protocol: 'basics-station', connected }),
    ];
    const n1 = new GatewayPresence({
      port: mesh.join('n1'),
      clock,
      log,
      local: own('n1', false),
      answerTimeoutMs: 1000,
    });
    const n2 = new GatewayPresence({
      port: mesh.join('n2'),
      clock,
      log,
      local: own('n2', true),
      answerTimeoutMs: 1000,
    });
    const n3Port = mesh.join('n3');
    const listed = n1.list();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    clock.advance(1000);
    expect(await listed).toEqual([
      entry({ server: 'n2', protocol: 'basics-station', connected: true }),
    ]);
    expect(
      mesh.log
        .filter((m) => m.topic === TOPICS.gatewaysRequest)
        .map((m) => m.to)
        .sort(),
    ).toEqual(['n2', 'n3']);
    // n3 joined the mesh without a presence (it never answers): the list ends at the timeout.
    void n3Port;
    n1.close();
    n2.close();
  });

  it('answers as soon as every live peer has answered', async () => {
    const mesh = new MemoryMesh();
    const clock = new FakeClock();
    const presences = ['n1', 'n2'].map(
      (server) =>
        new GatewayPresence({
          port: mesh.join(server),
          clock,
          log,
          local: () => [entry({ server, protocol: 'udp', connected: server === 'n2' })],
          answerTimeoutMs: 1000,
        }),
    );
    // No clock advance: the answer of n2 alone completes the list.
    expect(await presences[0]!.list()).toEqual([
      entry({ server: 'n2', protocol: 'udp', connected: true }),
    ]);
    for (const p of presences) p.close();
  });
});
