import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../shared/clock.js';
import type { Eui64 } from '../shared/ids.js';
import { decodePacket, encodePacket } from './packet.js';
import type { GwmpPacket, PushDataPacket } from './packet.js';
import { GatewayUdpServer } from './server.js';

const gatewayEui = 'aa555a0000000101' as Eui64;

/** A gateway on a real loopback socket that collects what the server sends back. */
class TestGateway {
  readonly socket: Socket = createSocket('udp4');
  readonly inbox: Buffer[] = [];
  #waiters: (() => void)[] = [];

  async open(): Promise<void> {
    this.socket.on('message', (msg) => {
      this.inbox.push(msg);
      this.#waiters.splice(0).forEach((w) => w());
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
  }

  send(datagram: Buffer, port: number): void {
    this.socket.send(datagram, port, '127.0.0.1');
  }

  /** Waits (bounded) until `count` datagrams have arrived. */
  async receive(count: number, timeoutMs = 2000): Promise<GwmpPacket[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.inbox.splice(0, count).map((b) => decodePacket(b));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(resolve));
  }
}

describe('GatewayUdpServer on a real loopback socket', () => {
  let server: GatewayUdpServer;
  let port: number;
  let gw: TestGateway;

  beforeEach(async () => {
    server = new GatewayUdpServer({
      host: '127.0.0.1',
      port: 0,
      log: pino({ level: 'silent' }),
      clock: systemClock,
    });
    port = (await server.listen()).port;
    gw = new TestGateway();
    await gw.open();
  });

  afterEach(async () => {
    await gw.close();
    await server.close();
  });

  it('answers PUSH_DATA with a PUSH_ACK echoing version and token, then hands it over', async () => {
    const seen: PushDataPacket[] = [];
    server.handlers = { onPushData: (p) => seen.push(p) };
    const push: PushDataPacket = {
      type: 'PUSH_DATA',
      version: 1,
      token: 0xbeef,
      gatewayEui,
      rxpk: [],
      stat: {
        time: '2014-01-12 08:59:28 GMT',
        rxnb: 2,
        rxok: 2,
        rxfw: 2,
        ackr: 100,
        dwnb: 0,
        txnb: 0,
      },
    };
    gw.send(encodePacket(push), port);
    const [ack] = await gw.receive(1);
    expect(ack).toEqual({ type: 'PUSH_ACK', version: 1, token: 0xbeef });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.gatewayEui).toBe(gatewayEui);
    expect(server.gateways.get(gatewayEui)?.stats?.rxReceived).toBe(2);
  });

  it('answers PULL_DATA with PULL_ACK and sends PULL_RESP back to that address', async () => {
    gw.send(encodePacket({ type: 'PULL_DATA', version: 2, token: 0x1234, gatewayEui }), port);
    const [ack] = await gw.receive(1);
    expect(ack).toEqual({ type: 'PULL_ACK', version: 2, token: 0x1234 });
    const sent = server.sendPullResp(
      gatewayEui,
      {
        imme: true,
        freq: 869.525,
        rfch: 0,
        powe: 14,
        modu: 'LORA',
        datr: 'SF9BW125',
        codr: '4/5',
        ipol: true,
        size: 1,
        data: 'AA==',
      },
      0x4242,
    );
    expect(sent).toBe(true);
    const [resp] = await gw.receive(1);
    expect(resp?.type).toBe('PULL_RESP');
    expect(resp?.token).toBe(0x4242);
  });

  it('has no downlink path to a gateway that never sent PULL_DATA', () => {
    expect(
      server.sendPullResp(
        gatewayEui,
        {
          imme: true,
          freq: 869.525,
          powe: 14,
          modu: 'LORA',
          datr: 'SF9BW125',
          codr: '4/5',
          ipol: true,
          size: 1,
          data: 'AA==',
        },
        1,
      ),
    ).toBe(false);
  });

  it('counts and drops malformed datagrams while traffic goes on', async () => {
    gw.send(Buffer.from([0x02]), port);
    gw.send(Buffer.from([0x09, 0, 0, 0]), port);
    gw.send(Buffer.from([0x02, 0, 0, 0x07]), port);
    // A PUSH_DATA with a bad body is still ACKed (the ACK means "received") but dropped.
    const badPush = Buffer.concat([
      Buffer.from([2, 0, 7, 0]),
      Buffer.from(gatewayEui, 'hex'),
      Buffer.from('{not json'),
    ]);
    gw.send(badPush, port);
    gw.send(encodePacket({ type: 'PULL_DATA', version: 2, token: 9, gatewayEui }), port);
    const replies = await gw.receive(2);
    expect(replies.map((r) => r.type).sort()).toEqual(['PULL_ACK', 'PUSH_ACK']);
    expect(Object.fromEntries(server.droppedCounts)).toEqual({
      UDP_TOO_SHORT: 1,
      UDP_UNKNOWN_VERSION: 1,
      UDP_UNKNOWN_PACKET_TYPE: 1,
      UDP_INVALID_JSON: 1,
    });
    // Every datagram read is counted once as received: the three without a readable header
    // as `invalid`, the others by their type.
    expect(Object.fromEntries(server.receivedCounts)).toEqual({
      invalid: 3,
      PUSH_DATA: 1,
      PULL_DATA: 1,
    });
    expect(server.gateways.pullPath(gatewayEui)).toBeDefined();
  });
});
