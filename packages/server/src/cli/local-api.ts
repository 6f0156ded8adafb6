/**
 * How `lns` commands reach the node running on this machine: its REST API on the configured
 * HTTP port, with a short-lived admin token signed from the cluster secret the command can
 * read (as Erlang's tools trust .erlang.cookie: whoever can read the secret administers it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_IDENTITY, createToken } from '../api/index.js';
import { deriveApiSecret } from '../node-files.js';
import type { Config } from '../config/index.js';

/** A failure to report as one line, exit code 1. */
export class CliError extends Error {}

function readSecret(config: Config): string {
  if (config.clusterSecret !== undefined) return config.clusterSecret;
  const path = join(config.dataDir, 'cluster.secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new CliError(`cannot read ${path}: run this on a node's machine, with its configuration`);
  }
}

function baseUrl(config: Config): string {
  const host =
    config.httpHost === '0.0.0.0' || config.httpHost === '::' ? '127.0.0.1' : config.httpHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.httpPort}`;
}

/** Calls the local node's REST API; throws CliError with the server's message on failure. */
export async function callLocalNode<T>(
  config: Config,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = createToken(deriveApiSecret(readSecret(config)), {
    sub: NODE_IDENTITY,
    role: 'admin',
    exp: Math.floor(Date.now() / 1000) + 300,
  });
  const url = `${baseUrl(config)}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A join pulls the whole database: give it time.
      signal: AbortSignal.timeout(10 * 60_000),
    });
  } catch (err) {
    throw new CliError(
      `no node answers on ${baseUrl(config)} (${(err as Error).message}): is it running?`,
    );
  }
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const message = (parsed as { message?: string } | undefined)?.message ?? text;
    throw new CliError(`${method} ${path}: ${res.status} ${message}`);
  }
  return parsed as T;
}
