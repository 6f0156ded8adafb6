/**
 * How `lns` commands reach a node: which node (the target: `--node host:port`, else the node
 * running on `--data-dir` / LNS_DATA_DIR as its node.json says, else the configured HTTP
 * port) and how they authenticate (a short-lived admin token signed from the cluster secret
 * they can read, as Erlang's tools trust .erlang.cookie: whoever can read the secret
 * administers the node). Every failure names the address tried, why that one, and the auth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { NODE_IDENTITY, createToken } from '../api/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import type { Config } from '../config/index.js';
import { CLUSTER_SECRET_FILE, deriveApiSecret, readNodeFile } from '../node-files.js';

/** A failure to report as one line, exit code 1. */
export class CliError extends Error {}

/** A usage or configuration error: one line, exit code 2. */
export class CliUsageError extends CliError {}

/** `--help`: the usage on stdout, exit code 0. */
class CliHelp extends CliError {}

/** The node answered with an error status. */
export class CliHttpError extends CliError {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** The options every command that talks to a node takes (node:util parseArgs spec). */
export const targetOptions = {
  config: { type: 'string' },
  node: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const targetUsage = `target (default: the node this configuration runs, found by its data dir):
  --node host:port     the node's HTTP address (LNS_HTTP_HOST:LNS_HTTP_PORT)
  --data-dir path      the node's data dir (LNS_DATA_DIR): its cluster secret, and its address
                       while it runs
  --config path        the node's JSON configuration file`;

export interface TargetValues {
  readonly config?: string | undefined;
  readonly node?: string | undefined;
  readonly 'data-dir'?: string | undefined;
}

/** Which node a command talks to, and with what. */
export interface NodeTarget {
  readonly config: Config;
  /** The data dir the command reads (the secret, the listening file, offline work). */
  readonly dataDir: string;
  /** True when the user named the node's address (`--node`). */
  readonly explicitNode: boolean;
  readonly baseUrl: string;
  /** Why this address: for error messages. */
  readonly chosenBy: string;
}

/** 0.0.0.0 and :: accept connections on every interface; this machine reaches them on loopback. */
export function reachableHost(bindHost: string): string {
  if (bindHost === '0.0.0.0') return '127.0.0.1';
  if (bindHost === '::') return '::1';
  return bindHost;
}

/** `host:port` with IPv6 hosts in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The configuration as `lns start` would read it; a bad one is a CliUsageError. */
export function cliConfig(configPath: string | undefined): Config {
  try {
    return loadConfig({ configPath });
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliUsageError(`invalid configuration: ${err.message}`);
    }
    throw err;
  }
}

export function resolveTarget(values: TargetValues): NodeTarget {
  const config = cliConfig(values.config);
  const dataDir = values['data-dir'] ?? config.dataDir;
  if (values.node !== undefined) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):\d{1,5}$/.test(values.node)) {
      throw new CliUsageError(`--node: "${values.node}" is not host:port`);
    }
    return {
      config,
      dataDir,
      explicitNode: true,
      baseUrl: `http://${values.node}`,
      chosenBy: '--node',
    };
  }
  const running = readNodeFile(dataDir);
  if (running?.running === true) {
    return {
      config,
      dataDir,
      explicitNode: false,
      baseUrl: `http://${running.http}`,
      chosenBy: `node ${running.node} (pid ${running.pid}) runs on ${dataDir}`,
    };
  }
  const port = `LNS_HTTP_PORT ${config.httpPort}`;
  return {
    config,
    dataDir,
    explicitNode: false,
    baseUrl: `http://${hostPort(reachableHost(config.httpHost), config.httpPort)}`,
    chosenBy: `no node runs on ${dataDir}, so the configured ${port}`,
  };
}

/** The cluster secret and where it came from. */
function readSecret(target: NodeTarget): { readonly secret: string; readonly from: string } {
  if (target.config.clusterSecret !== undefined) {
    return { secret: target.config.clusterSecret, from: 'LNS_CLUSTER_SECRET' };
  }
  const path = join(target.dataDir, CLUSTER_SECRET_FILE);
  try {
    return { secret: readFileSync(path, 'utf8').trim(), from: path };
  } catch {
    throw new CliError(
      `cannot read the cluster secret ${path} to authenticate to ${target.baseUrl}: give the ` +
        `node's data dir (--data-dir) or its secret (LNS_CLUSTER_SECRET)`,
    );
  }
}

/** The first line of a server's JSON error body, or its text. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON (a proxy's page, another program): its text says more than nothing.
  }
  return text.slice(0, 200);
}

export interface CallOptions {
  readonly body?: unknown;
  /** Abort after this long (a join pulls the whole database: long by default). */
  readonly timeoutMs?: number;
}

/** Sends one authenticated request; the Response is the caller's to read (streams too). */
export async function requestNode(
  target: NodeTarget,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const { secret, from } = readSecret(target);
  const token = createToken(deriveApiSecret(secret), {
    sub: NODE_IDENTITY,
    role: 'admin',
    exp: Math.floor(Date.now() / 1000) + 300,
  });
  let res: Response;
  try {
    res = await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10 * 60_000),
    });
  } catch (err) {
    // fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, "bad port").
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why =
      typeof cause?.code === 'string'
        ? cause.code
        : typeof cause?.message === 'string'
          ? cause.message
          : (err as Error).message;
    throw new CliError(
      `no node answers at ${target.baseUrl} (${why}); tried it because ${target.chosenBy}. ` +
        `Start the node, or name one with --node host:port or --data-dir <its data dir>`,
    );
  }
  if (res.status === 401) {
    const message = errorMessage(await res.text());
    throw new CliError(
      `${target.baseUrl} refused the admin token signed with the cluster secret from ${from} ` +
        `(401: ${message}); tried it because ${target.chosenBy}. That node has another ` +
        `secret: give its data dir (--data-dir) or its LNS_CLUSTER_SECRET`,
    );
  }
  if (!res.ok) {
    const message = errorMessage(await res.text());
    throw new CliHttpError(
      res.status,
      `${method} ${path} at ${target.baseUrl}: ${res.status} ${message}`,
    );
  }
  return res;
}

/** Calls the node's REST API and parses the JSON answer; throws CliError on failure. */
export async function callNode<T>(
  target: NodeTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await requestNode(target, method, path, { body });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `parseArgs(config)`; a bad command line is a CliUsageError followed by the usage. */
export function parseCommand<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  if (config.args?.some((a) => a === '--help' || a === '-h') === true) throw new CliHelp(usage);
  try {
    return parseArgs(config);
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}\n${usage}`);
  }
}

/**
 * Runs a command body and turns CliErrors into one line on stderr: exit code 2 for usage and
 * configuration, 1 for everything else.
 */
export async function reportCliErrors(
  command: string,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CliHelp) {
      process.stdout.write(err.message);
      return 0;
    }
    if (err instanceof CliError) {
      process.stderr.write(`lns ${command}: ${err.message}\n`);
      return err instanceof CliUsageError ? 2 : 1;
    }
    throw err;
  }
}
