/**
 * `lns simulate`: a packet forwarder and a device in one command, so a new user can see a
 * decoded uplink (and the answer) without hardware. Prints one JSON line per thing sent or
 * received; exits 0 when the expected answer came (or none was expected), 1 otherwise, 2 on
 * bad arguments.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseDevAddr, parseEui64 } from '../shared/ids.js';
import { FakeGateway } from './fake-gateway.js';
import { SimDevice } from './sim-device.js';

const usage = `usage: lns simulate [options]

  --server host:port      node's UDP address (default 127.0.0.1:1700)
  --gateway EUI           gateway EUI (must be registered on the node; default 0102030405060708)
ABP uplink:
  --dev-addr HEX --nwk-skey HEX --app-skey HEX
  --fcnt N                uplink counter (default 0)
  --fport N               (default 1)
  --payload TEXT | --hex HEX
  --confirmed             ask for an ACK (waits for the downlink)
  --count N               uplinks to send, counter increasing (default 1)
OTAA join:
  --join --dev-eui EUI --join-eui EUI --app-key HEX [--dev-nonce N]
  then, with --payload/--hex, one uplink with the new session
Common:
  --wait-ms N             how long to wait for a downlink (default 3000)
`;

const HEX_KEY_RE = /^[0-9a-fA-F]{32}$/;

class UsageError extends Error {}

function out(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name}: "${value}" is not a whole number`);
  return n;
}

function keyOption(value: string | undefined, name: string): string {
  if (!value || !HEX_KEY_RE.test(value)) throw new UsageError(`--${name}: 32 hex digits expected`);
  return value.toLowerCase();
}

export async function runSimulate(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        server: { type: 'string', default: '127.0.0.1:1700' },
        gateway: { type: 'string', default: '0102030405060708' },
        'dev-addr': { type: 'string' },
        'nwk-skey': { type: 'string' },
        'app-skey': { type: 'string' },
        fcnt: { type: 'string' },
        fport: { type: 'string' },
        payload: { type: 'string' },
        hex: { type: 'string' },
        confirmed: { type: 'boolean', default: false },
        count: { type: 'string' },
        join: { type: 'boolean', default: false },
        'dev-eui': { type: 'string' },
        'join-eui': { type: 'string' },
        'app-key': { type: 'string' },
        'dev-nonce': { type: 'string' },
        'wait-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`lns simulate: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    return await simulate(values);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`lns simulate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function simulate(v: Record<string, string | boolean | undefined>): Promise<number> {
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  const server = /^(.+):(\d+)$/.exec(str('server') ?? '');
  if (!server) throw new UsageError('--server: host:port expected');
  const gatewayEui = parseEui64(str('gateway') ?? '');
  if (!gatewayEui) throw new UsageError('--gateway: 16 hex digits expected');
  const waitMs = intOption(str('wait-ms'), 'wait-ms', 3000);
  const payloadHex = str('hex');
  if (payloadHex !== undefined && !/^([0-9a-fA-F]{2})*$/.test(payloadHex)) {
    throw new UsageError('--hex: an even number of hex digits expected');
  }
  const payload =
    payloadHex !== undefined
      ? Buffer.from(payloadHex, 'hex')
      : str('payload') !== undefined
        ? Buffer.from(str('payload') ?? '', 'utf8')
        : undefined;

  let device: SimDevice;
  if (v.join) {
    const devEui = parseEui64(str('dev-eui') ?? '');
    const joinEui = parseEui64(str('join-eui') ?? '');
    if (!devEui) throw new UsageError('--dev-eui: 16 hex digits expected');
    if (!joinEui) throw new UsageError('--join-eui: 16 hex digits expected');
    device = new SimDevice({
      identity: { devEui, joinEui, appKey: keyOption(str('app-key'), 'app-key') },
    });
  } else {
    const devAddr = parseDevAddr(str('dev-addr') ?? '');
    if (!devAddr) throw new UsageError('--dev-addr: 8 hex digits expected (or use --join)');
    device = new SimDevice({
      session: {
        devAddr,
        nwkSKey: keyOption(str('nwk-skey'), 'nwk-skey'),
        appSKey: keyOption(str('app-skey'), 'app-skey'),
      },
      fCntUp: intOption(str('fcnt'), 'fcnt', 0),
    });
  }

  const gw = new FakeGateway({
    gatewayEui,
    serverHost: server[1] ?? '127.0.0.1',
    serverPort: Number(server[2]),
  });
  await gw.open();
  try {
    gw.pullData();
    if (!(await gw.waitFor(() => gw.acks.some((a) => a.type === 'PULL_ACK'), waitMs))) {
      out({ error: 'no PULL_ACK: is a node listening on that UDP address?' });
      return 1;
    }
    let tmst = randomInt(0, 0xffffffff);
    let ok = true;
    if (v.join) {
      const devNonce = intOption(str('dev-nonce'), 'dev-nonce', randomInt(0, 0x10000));
      gw.pushUplink(device.joinRequest(devNonce), { tmst });
      out({ sent: 'join-request', devEui: device.identity?.devEui, devNonce });
      if (!(await gw.waitFor(() => gw.downlinks.length > 0, Math.max(waitMs, 6000)))) {
        out({
          error: 'no join-accept (is the device registered with this DevEUI, JoinEUI and AppKey?)',
        });
        return 1;
      }
      const accept = gw.downlinks.shift();
      if (!accept) return 1;
      const plain = device.acceptJoin(accept.phyPayload, devNonce);
      out({
        received: 'join-accept',
        devAddr: plain.devAddr,
        netId: plain.netId,
        rxDelay: plain.rxDelay,
        dlSettings: plain.dlSettings,
        tmst: accept.packet.txpk.tmst,
      });
      if (!payload) return 0;
    }
    const count = intOption(str('count'), 'count', 1);
    for (let i = 0; i < count; i++) {
      tmst = (tmst + 5_000_000) >>> 0;
      const fCnt = device.fCntUp;
      const frame = device.uplink({
        fPort: intOption(str('fport'), 'fport', 1),
        payload: payload ?? Buffer.from('hello', 'utf8'),
        confirmed: v.confirmed === true,
      });
      gw.pushUplink(frame, { tmst });
      out({
        sent: 'uplink',
        devAddr: device.session?.devAddr,
        fCnt,
        confirmed: v.confirmed === true,
      });
      const gotDownlink = await gw.waitFor(
        () => gw.downlinks.length > 0,
        v.confirmed ? waitMs : Math.min(waitMs, 1500),
      );
      const down = gw.downlinks.shift();
      if (down) {
        const d = device.decodeDownlink(down.phyPayload);
        out({
          received: 'downlink',
          mType: d.mType,
          micOk: d.micOk,
          fCnt: d.fCnt,
          ack: d.ack,
          fPort: d.fPort,
          data: d.payload.toString('hex'),
          macCommands: d.macCommands.map((c) => c.name),
          tmst: down.packet.txpk.tmst,
          freq: down.packet.txpk.freq,
          datr: down.packet.txpk.datr,
        });
        if (!d.micOk) ok = false;
      } else if (v.confirmed && !gotDownlink) {
        out({ error: 'no ACK downlink for the confirmed uplink' });
        ok = false;
      }
    }
    return ok ? 0 : 1;
  } finally {
    await gw.close();
  }
}
