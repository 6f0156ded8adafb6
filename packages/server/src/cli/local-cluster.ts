/**
 * `lns local-cluster --nodes N`: N nodes on loopback, joined into one cluster (n2… through
 * n1 as db_master), plus a ready nginx configuration (deploy/nginx/lns-lb.conf) in front of
 * their UDP ports, for trying a cluster and its load balancer on one machine. Runs until
 * SIGINT/SIGTERM, then stops every node. A second run reuses the folder: same data, same
 * secret, and the admin password of the first run (it says so).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLUSTER_SECRET_FILE } from '../node-files.js';
import { forEachLine, listeningPorts } from './start-line.js';

const usage = `usage: lns local-cluster [--nodes N] [--dir path] [--udp-port P] [--http-port P] [--cluster-port P]

  --nodes N          nodes to run (1-9, default 3)
  --dir path         where their data, logs and the nginx config go (default ./data/local-cluster)
  --udp-port P       the load balancer's UDP port in the nginx config (default 1700, or a
                     free one when 1700 is taken, e.g. by a single node)
  --http-port P      node i listens on P+i for HTTP (default 8080: 8081, 8082, …; 0 = any free)
  --cluster-port P   node i listens on P+i for the cluster link (default 4370; 0 = any free)
Node UDP ports are 1700+i (or any free port when --http-port is 0).
`;

const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';
const deployConf = new URL('../../../../deploy/nginx/lns-lb.conf', import.meta.url);

interface RunningNode {
  readonly name: string;
  readonly child: ChildProcess;
  readonly httpPort: number;
  readonly udpPort: number;
  readonly clusterAddress: string;
}

function portOption(value: string | undefined, name: string, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65000)
    throw new Error(`--${name}: "${value}" is not a port`);
  return n;
}

/** Starts `lns start` for one node and resolves with its ports from its "node listening" line. */
function startNode(
  name: string,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningNode> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? '', 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr?.pipe(log);
  return new Promise((resolvePorts, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 60 s (see ${logFile})`)),
      60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} (see ${logFile})`));
    });
    child.stdout?.on('data', (d: Buffer) => log.write(d));
    if (child.stdout) {
      forEachLine(child.stdout, (line) => {
        const ports = listeningPorts(line);
        if (ports === undefined) return;
        clearTimeout(timer);
        resolvePorts({ name, child, ...ports });
      });
    }
  });
}

async function waitHealthy(node: RunningNode, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${node.httpPort}/health`);
      if (res.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** True when nothing listens on `port` of 127.0.0.1 (UDP or TCP). */
function portFree(kind: 'udp' | 'tcp', port: number): Promise<boolean> {
  return new Promise((done) => {
    if (kind === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', () => done(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => done(true)));
    } else {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    }
  });
}

/** A UDP port of 127.0.0.1 that is free now. */
function freeUdpPort(): Promise<number> {
  return new Promise((done, fail) => {
    const socket = createSocket('udp4');
    socket.once('error', fail);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => done(port));
    });
  });
}

/** Throws, naming the port and the option, when a node's fixed port is taken. */
async function assertPortsFree(
  name: string,
  ports: readonly { kind: 'udp' | 'tcp'; port: number; what: string; option: string }[],
): Promise<void> {
  for (const p of ports) {
    if (p.port !== 0 && !(await portFree(p.kind, p.port))) {
      throw new Error(
        `${name}: ${p.kind.toUpperCase()} port ${p.port} (${p.what}) is in use; pass ${p.option} ` +
          `(0 = any free port)`,
      );
    }
  }
}

/**
 * The admin password that works: the first run's (kept in `<dir>/admin.password`), checked by
 * logging in on the first node. Returns the line to print.
 */
async function adminPasswordLine(
  passwordFile: string,
  firstRun: boolean,
  node: RunningNode,
  dir: string,
): Promise<string> {
  const password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : '';
  const ok =
    password !== '' &&
    (
      await fetch(`http://127.0.0.1:${node.httpPort}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      })
    ).status === 200;
  const change = `npm run lns -- user passwd admin --data-dir ${join(dir, node.name)}`;
  if (!ok) {
    return `admin password: not the one in ${passwordFile} (changed since); set one with: ${change}`;
  }
  if (firstRun) return `admin password: ${password}  (kept in ${passwordFile})`;
  const given = process.env.LNS_ADMIN_PASSWORD;
  const ignored =
    given !== undefined && given !== password
      ? '; LNS_ADMIN_PASSWORD ignored, set at the first run only'
      : '';
  return `admin password: ${password}  (reused: this folder's first run set it${ignored})`;
}

function writeNginxConfig(dir: string, lbPort: number, nodes: readonly RunningNode[]): string {
  const prefix = join(dir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const upstream = join(prefix, 'lns-upstream.conf');
  writeFileSync(upstream, nodes.map((n) => `server 127.0.0.1:${n.udpPort};\n`).join(''));
  writeFileSync(
    join(prefix, 'lns-lb.conf'),
    readFileSync(deployConf, 'utf8')
      .replace('/etc/nginx/lns-upstream.conf', upstream)
      .replace(/listen 1700 udp/, `listen 127.0.0.1:${lbPort} udp`),
  );
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      // Debian builds the stream module as a dynamic module (package libnginx-mod-stream).
      existsSync(STREAM_MODULE) ? `load_module ${STREAM_MODULE};` : '# stream module built in',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')};`,
      'events {}',
      `include ${join(prefix, 'lns-lb.conf')};`,
      '',
    ].join('\n'),
  );
  return conf;
}

export async function runLocalCluster(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        nodes: { type: 'string', default: '3' },
        dir: { type: 'string', default: join('data', 'local-cluster') },
        'udp-port': { type: 'string' },
        'http-port': { type: 'string' },
        'cluster-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`lns local-cluster: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  let count: number, lbPort: number, httpBase: number, clusterBase: number;
  try {
    count = Number(values.nodes);
    if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error('--nodes: 1 to 9');
    lbPort = portOption(values['udp-port'], 'udp-port', 1700);
    httpBase = portOption(values['http-port'], 'http-port', 8080);
    clusterBase = portOption(values['cluster-port'], 'cluster-port', 4370);
  } catch (err) {
    process.stderr.write(`lns local-cluster: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  const dir = resolve(values.dir);
  mkdirSync(dir, { recursive: true });
  const secretFile = join(dir, CLUSTER_SECRET_FILE);
  if (!existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const secret = readFileSync(secretFile, 'utf8').trim();
  // The admin user is made once, at n1's first start: later runs keep its password.
  const passwordFile = join(dir, 'admin.password');
  // Members find each other at the cluster addresses they had: a later run of a folder whose
  // nodes got any free port (--cluster-port 0) must use those ports again.
  const portsFile = join(dir, 'cluster-ports.json');
  const knownPorts = existsSync(portsFile)
    ? (JSON.parse(readFileSync(portsFile, 'utf8')) as Record<string, number>)
    : {};
  const firstRun = !existsSync(join(dir, 'n1', 'db'));
  if (firstRun) {
    const chosen = process.env.LNS_ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
    writeFileSync(passwordFile, `${chosen}\n`, { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  // The load balancer's port: a single node may hold 1700 already.
  let lbNote = '';
  if (!(await portFree('udp', lbPort))) {
    if (values['udp-port'] !== undefined) {
      process.stderr.write(
        `lns local-cluster: UDP port ${lbPort} for the load balancer is in use; pass another --udp-port\n`,
      );
      return 1;
    }
    const taken = lbPort;
    lbPort = await freeUdpPort();
    lbNote = `  (UDP ${taken} is in use, e.g. by a single node: the load balancer listens on ${lbPort})`;
  }
  const nodes: RunningNode[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(
      nodes.map(
        (n) =>
          new Promise<void>((done) => {
            if (n.child.exitCode !== null || n.child.signalCode !== null) return done();
            const timer = setTimeout(() => n.child.kill('SIGKILL'), 15_000);
            n.child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            n.child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    for (let i = 1; i <= count; i++) {
      const name = `n${i}`;
      const clusterPort = clusterBase === 0 ? (knownPorts[name] ?? 0) : clusterBase + i;
      const udpPort = httpBase === 0 ? 0 : 1700 + i;
      const httpPort = httpBase === 0 ? 0 : httpBase + i;
      await assertPortsFree(name, [
        { kind: 'udp', port: udpPort, what: 'gateways', option: '--http-port 0' },
        { kind: 'tcp', port: httpPort, what: 'HTTP', option: '--http-port' },
        {
          kind: 'tcp',
          port: clusterPort,
          what: 'cluster link',
          option: `--cluster-port, or another --dir (${portsFile} keeps the ports of this one)`,
        },
      ]);
      const dataDir = join(dir, name);
      // The secret in each data dir, where `lns … --data-dir <dir>/nX` finds it.
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, CLUSTER_SECRET_FILE), `${secret}\n`, { mode: 0o600 });
      const env: Record<string, string> = {
        LNS_NODE: name,
        LNS_DATA_DIR: dataDir,
        LNS_UDP_HOST: '127.0.0.1',
        LNS_UDP_PORT: String(udpPort),
        LNS_HTTP_HOST: '127.0.0.1',
        LNS_HTTP_PORT: String(httpPort),
        LNS_CLUSTER_HOST: '127.0.0.1',
        LNS_CLUSTER_PORT: String(clusterPort),
        LNS_ADVERTISE: `127.0.0.1:${clusterPort}`,
        // Also in the environment, so a LNS_CLUSTER_SECRET of this shell cannot win.
        LNS_CLUSTER_SECRET: secret,
        LNS_ADMIN_PASSWORD: password,
        // Stopping the whole local cluster has nobody to hand devices to: no grace period,
        // unless asked for (to try a drain with `lns cluster drain`).
        LNS_DRAIN_S: process.env.LNS_DRAIN_S ?? '0',
      };
      // Read at a node's first start only: later runs reuse the joined databases.
      if (nodes[0]) env.LNS_DB_MASTER = nodes[0].clusterAddress;
      const node = await startNode(name, env, join(dir, `${name}.log`));
      nodes.push(node);
      knownPorts[name] = Number(node.clusterAddress.split(':').pop());
      writeFileSync(portsFile, `${JSON.stringify(knownPorts)}\n`);
      if (!(await waitHealthy(node, 120_000))) throw new Error(`${name} did not become healthy`);
    }
  } catch (err) {
    process.stderr.write(`lns local-cluster: ${(err as Error).message}\n`);
    await stopAll();
    return 1;
  }
  const conf = writeNginxConfig(dir, lbPort, nodes);
  for (const n of nodes) {
    process.stdout.write(
      `${n.name}  udp 127.0.0.1:${n.udpPort}  http://127.0.0.1:${n.httpPort}  cluster ${n.clusterAddress}  ok\n`,
    );
  }
  const first = nodes[0] as RunningNode;
  process.stdout.write(
    [
      `${await adminPasswordLine(passwordFile, firstRun, first, dir)}`,
      `data, logs and the secret: ${dir}`,
      `address a node: npm run lns -- cluster status --data-dir ${join(dir, first.name)}` +
        `   (or --node 127.0.0.1:${first.httpPort} --data-dir ${join(dir, first.name)}; n2… alike)`,
      `load balancer:  nginx -p ${join(dir, 'nginx')} -c ${conf}   (gateways → 127.0.0.1:${lbPort})${lbNote}`,
      `ready: ${count} nodes; Ctrl-C stops them`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stopAll();
  return 0;
}
