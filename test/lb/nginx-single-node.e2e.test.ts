/**
 * Gateways talk to a node only through nginx configured with deploy/nginx/lns-lb.conf: ACKs,
 * uplinks and the class A downlink all cross the load balancer; lns-lb-sync.mjs marks a node
 * whose /health fails as down.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Eui64 } from '../../packages/server/src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../packages/server/src/sim/index.js';
import { startLns } from '../../packages/server/test/helpers/lns-process.js';
import type { LnsProcess } from '../../packages/server/test/helpers/lns-process.js';
import { RestClient } from '../../packages/server/test/helpers/rest-client.js';
import { freeUdpPort, startNginxLb, syncUpstreams } from '../helpers/nginx.js';
import type { NginxLb } from '../helpers/nginx.js';
import { euClassAProfile } from '../../packages/server/test/helpers/profiles.js';

const GW = 'b827ebfffe000001' as Eui64;

let node: LnsProcess;
let lb: NginxLb;
let gw: FakeGateway;

beforeAll(async () => {
  node = await startLns({ LNS_ADMIN_PASSWORD: 'lb-test-password' });
  lb = await startNginxLb(`server 127.0.0.1:${node.udpPort};\n`);
  const rest = new RestClient(node.httpPort);
  await rest.login('admin', 'lb-test-password');
  await rest.create('/api/profiles', euClassAProfile('a', 'A'));
  await rest.create('/api/gateways', { id: GW, name: 'behind nginx', txRfChain: 0 });
  await rest.create('/api/nodes', {
    id: '26000001',
    profileId: 'a',
    fCntDown: 0,
    nwkSKey: '0f0e0d0c0b0a09080706050403020100',
    appSKey: '00112233445566778899aabbccddeeff',
  });
  gw = new FakeGateway({
    gatewayEui: GW,
    serverHost: '127.0.0.1',
    serverPort: lb.udpPort,
    bindHost: '127.0.0.1',
  });
  await gw.open();
});

afterAll(async () => {
  await gw?.close();
  await lb?.stop();
  if (node) await node.stop();
});

describe('nginx UDP load balancer in front of a node', () => {
  it('carries PULL_DATA/PULL_ACK, PUSH_DATA/PUSH_ACK and a class A ACK downlink', async () => {
    gw.pullData();
    expect(await gw.waitFor(() => gw.acks.some((a) => a.type === 'PULL_ACK'), 5000)).toBe(true);
    const device = new SimDevice({
      session: {
        devAddr: '26000001' as never,
        nwkSKey: '0f0e0d0c0b0a09080706050403020100',
        appSKey: '00112233445566778899aabbccddeeff',
      },
    });
    const tmst = 123_000_000;
    gw.pushUplink(device.uplink({ confirmed: true, payload: Buffer.from('via lb') }), { tmst });
    expect(await gw.waitFor(() => gw.acks.some((a) => a.type === 'PUSH_ACK'), 5000)).toBe(true);
    expect(await gw.waitFor(() => gw.downlinks.length > 0, 5000)).toBe(true);
    const down = gw.downlinks.shift()!;
    expect(down.packet.txpk.tmst).toBe(tmst + 1_000_000);
    const decoded = device.decodeDownlink(down.phyPayload);
    expect(decoded.micOk).toBe(true);
    expect(decoded.ack).toBe(true);
  });

  it('lns-lb-sync marks a node whose /health does not answer 200 as down', async () => {
    const deadUdp = await freeUdpPort();
    syncUpstreams(lb, [
      `127.0.0.1:${node.udpPort}@127.0.0.1:${node.httpPort}`,
      `127.0.0.1:${deadUdp}@127.0.0.1:1`,
    ]);
    expect(readFileSync(lb.upstreamFile, 'utf8')).toBe(
      `server 127.0.0.1:${node.udpPort};\nserver 127.0.0.1:${deadUdp} down;\n`,
    );
    // After the reload the healthy node still takes the gateway's traffic.
    gw.pullData();
    const acks = gw.acks.length;
    expect(await gw.waitFor(() => gw.acks.length > acks, 5000)).toBe(true);
  });
});
