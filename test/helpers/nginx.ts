/**
 * A real nginx, started in a temporary prefix with the repository's deploy/nginx/lns-lb.conf
 * (only the listen address and the upstream file path changed), for load-balancer tests.
 */
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnGroup, stopGroup } from '../../packages/server/test/helpers/process-group.js';
import { NGINX_STREAM, ensureDebianPackages } from './debian.js';

const [NGINX, STREAM_MODULE] = NGINX_STREAM.files as [string, string];
const deployConf = new URL('../../deploy/nginx/lns-lb.conf', import.meta.url);
const syncScript = fileURLToPath(new URL('../../deploy/nginx/lns-lb-sync.mjs', import.meta.url));

export interface NginxLb {
  readonly udpPort: number;
  readonly prefix: string;
  readonly upstreamFile: string;
  /** Rewrites the upstream list and reloads, as lns-lb-sync.mjs does. */
  reload(): void;
  stop(): Promise<void>;
}

/** A UDP port free right now on 127.0.0.1 (the OS picks it). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

export async function startNginxLb(upstreams: string): Promise<NginxLb> {
  ensureDebianPackages(NGINX_STREAM.packages, NGINX_STREAM.files);
  const prefix = mkdtempSync(join(tmpdir(), 'lns-nginx-'));
  const udpPort = await freeUdpPort();
  const upstreamFile = join(prefix, 'lns-upstream.conf');
  writeFileSync(upstreamFile, upstreams);
  const lbConf = readFileSync(deployConf, 'utf8')
    .replace('/etc/nginx/lns-upstream.conf', upstreamFile)
    .replace(/listen 1700 udp/, `listen 127.0.0.1:${udpPort} udp`);
  if (!lbConf.includes(upstreamFile) || !lbConf.includes(`127.0.0.1:${udpPort}`)) {
    throw new Error('deploy/nginx/lns-lb.conf changed shape: update test/helpers/nginx.ts');
  }
  writeFileSync(join(prefix, 'lns-lb.conf'), lbConf);
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      `load_module ${STREAM_MODULE};`,
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} info;`,
      'daemon off;',
      'events {}',
      `include ${join(prefix, 'lns-lb.conf')};`,
      '',
    ].join('\n'),
  );
  execFileSync(NGINX, ['-t', '-q', '-p', prefix, '-c', conf]);
  // Its own process group: stop() takes the master and its workers down together.
  const child: ChildProcess = spawnGroup(NGINX, ['-p', prefix, '-c', conf], { stdio: 'ignore' });
  // nginx has no readiness signal; its pid file appears once it listens.
  const pidFile = join(prefix, 'nginx.pid');
  for (let i = 0; i < 100; i++) {
    try {
      readFileSync(pidFile);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    udpPort,
    prefix,
    upstreamFile,
    reload: () => execFileSync(NGINX, ['-p', prefix, '-c', conf, '-s', 'reload']),
    stop: async () => {
      // SIGQUIT: nginx's graceful stop; the whole group is killed after 5 s in any case.
      await stopGroup(child, 'SIGQUIT', 5000);
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/**
 * One round of deploy/nginx/lns-lb-sync.mjs against `lb`, as the deployment runs it: each of
 * `nodes` (`udpHost:port@httpHost:port`, always in the same order) whose /health does not
 * answer 200 once is written `down`, and nginx reloads when the file changed.
 */
export function syncUpstreams(lb: NginxLb, nodes: readonly string[]): void {
  execFileSync(process.execPath, [
    syncScript,
    '--once',
    '--fails',
    '1',
    '--nodes',
    nodes.join(','),
    '--out',
    lb.upstreamFile,
    '--reload',
    `${NGINX} -p ${lb.prefix} -c ${join(lb.prefix, 'nginx.conf')} -s reload`,
  ]);
}
