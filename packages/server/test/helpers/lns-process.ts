/**
 * Starts `lns start` as a real child process (through tsx, so no build is needed), on ports
 * the OS picks, and reads the chosen ports from the node's own "node listening" log line.
 * Each node is the leader of its own process group (process-group.ts): stop() and kill() end
 * the whole group, and a failing test leaves nothing running.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachLine, listeningPorts } from '../../src/cli/index.js';
import type { ListeningPorts } from '../../src/cli/index.js';
import { exitOf, killGroup, spawnGroup, stopGroup } from './process-group.js';

const mainTs = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface LnsProcess {
  readonly child: ChildProcess;
  /** The address its HTTP, UDP and cluster ports listen on (127.0.0.1 unless told). */
  readonly host: string;
  readonly httpPort: number;
  readonly udpPort: number;
  /** The node's cluster address (LNS_ADVERTISE with the bound port). */
  readonly clusterAddress: string;
  readonly dataDir: string;
  readonly logLines: string[];
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash: no shutdown, the data dir is kept for a restart. */
  kill(): Promise<void>;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnLns(args: string[], env: Record<string, string>, netns?: string): ChildProcess {
  const node = [process.execPath, '--conditions=source', '--import', 'tsx', mainTs, ...args];
  // `ip netns exec` execs the node in place: the child's pid is the node's.
  const [command, ...rest] = netns === undefined ? node : ['ip', 'netns', 'exec', netns, ...node];
  return spawnGroup(command as string, rest, {
    // No drain grace period unless a test asks for one: stop() should not wait 10 s.
    env: { ...process.env, LNS_LOG_LEVEL: 'info', LNS_DRAIN_S: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion (bounded) and returns its exit code and output. */
export function runLns(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RunResult> {
  const child = spawnLns(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`lns ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Anything it started goes with it.
      killGroup(child);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface StartOptions {
  /** Reuse this data dir (a restart) instead of a fresh one. */
  readonly dataDir?: string;
  /** Leave the data dir in place on stop, for a later restart; the caller removes it. */
  readonly keepData?: boolean;
  /** Run inside this network namespace (`ip netns exec`), listening on `host`. */
  readonly netns?: string;
  /** Address to listen on and advertise (default 127.0.0.1). */
  readonly host?: string;
}

/** Starts a node on loopback with OS-chosen ports and (by default) a fresh data dir. */
export async function startLns(
  env: Record<string, string> = {},
  timeoutMs = 30_000,
  options: StartOptions = {},
): Promise<LnsProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lns-e2e-'));
  const removeData = (): void => {
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  const host = options.host ?? '127.0.0.1';
  const child = spawnLns(
    ['start'],
    {
      LNS_NODE: 'e2e',
      LNS_DATA_DIR: dataDir,
      LNS_UDP_HOST: host,
      LNS_UDP_PORT: '0',
      LNS_HTTP_HOST: host,
      LNS_HTTP_PORT: '0',
      LNS_CLUSTER_HOST: host,
      LNS_CLUSTER_PORT: '0',
      LNS_ADVERTISE: `${host}:0`,
      ...env,
    },
    options.netns,
  );
  const logLines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const ports = await new Promise<ListeningPorts>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child);
      removeData();
      reject(new Error(`lns did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      killGroup(child);
      reject(new Error(`lns exited with ${code}: ${stderr}`));
    });
    if (child.stdout) {
      forEachLine(child.stdout, (line) => {
        logLines.push(line);
        const found = listeningPorts(line);
        if (found === undefined) return;
        clearTimeout(timer);
        resolve(found);
      });
    }
  });
  return {
    child,
    host,
    ...ports,
    dataDir,
    logLines,
    kill: async () => {
      killGroup(child);
      await exitOf(child);
    },
    stop: async () => {
      const code = await stopGroup(child, 'SIGTERM', 10_000);
      removeData();
      return code;
    },
  };
}
