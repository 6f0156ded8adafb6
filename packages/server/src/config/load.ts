/**
 * The only place that reads process.env: merges the JSON config file and LNS_* variables
 * (the variable wins), validates every setting and returns a frozen Config. Any problem is a
 * ConfigError whose message names the setting.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { passwordProblem } from '../shared/password-policy.js';
import { ConfigError } from './errors.js';
import { logLevels, settingVariables } from './schema.js';
import { weakSecretReason } from './secret-strength.js';
import type { Config, LogLevel } from './schema.js';

type Raw = Partial<Record<keyof Config, unknown>>;

const NODE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const HOSTNAME_RE =
  /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// Region names are checked against the lorawan region table by the caller that owns it;
// here only the spelling is checked, so config stays free of protocol imports.
const REGION_RE = /^[A-Z]{2}[0-9]{3}(-[0-9])?$/;

export interface LoadConfigOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly configPath?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.configPath ? readConfigFile(options.configPath) : {};
  const raw: Raw = { ...file };
  for (const [key, variable] of Object.entries(settingVariables) as [keyof Config, string][]) {
    const value = env[variable];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const setting = (key: keyof Config): string =>
    options.configPath && file[key] !== undefined && env[settingVariables[key]] === undefined
      ? `${key} (in ${options.configPath})`
      : settingVariables[key];

  const node = str(raw.node, setting('node')) ?? hostname().split('.')[0] ?? 'lns';
  if (!NODE_NAME_RE.test(node)) {
    throw new ConfigError(setting('node'), `"${node}" is not a node name (letters, digits, . _ -)`);
  }
  const clusterPort = port(raw.clusterPort, setting('clusterPort'), 4370);
  const advertise = str(raw.advertise, setting('advertise')) ?? `${hostname()}:${clusterPort}`;
  // Port 0 in the advertised address means "the port the cluster listener got" (tests).
  parseHostPort(advertise, setting('advertise'), { allowPortZero: true });
  const dbMaster = str(raw.dbMaster, setting('dbMaster'));
  if (dbMaster !== undefined) parseHostPort(dbMaster, setting('dbMaster'));
  const secret = str(raw.clusterSecret, setting('clusterSecret'));
  const weak = secret === undefined ? undefined : weakSecretReason(secret);
  if (weak !== undefined) throw new ConfigError(setting('clusterSecret'), weak);
  const region = (str(raw.region, setting('region')) ?? 'EU868').toUpperCase();
  if (!REGION_RE.test(region)) {
    throw new ConfigError(setting('region'), `"${region}" is not a region name such as EU868`);
  }
  const netId = (str(raw.netId, setting('netId')) ?? '000000').toLowerCase();
  if (!/^[0-9a-f]{6}$/.test(netId)) {
    throw new ConfigError(setting('netId'), `"${netId}" is not a 6-digit hex NetID`);
  }
  const logLevel = (str(raw.logLevel, setting('logLevel')) ?? 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(
      setting('logLevel'),
      `"${logLevel}" is not one of ${logLevels.join(', ')}`,
    );
  }
  return Object.freeze({
    node,
    dataDir: str(raw.dataDir, setting('dataDir')) ?? join('data', node),
    udpHost: host(raw.udpHost, setting('udpHost'), '0.0.0.0'),
    udpPort: port(raw.udpPort, setting('udpPort'), 1700),
    httpHost: host(raw.httpHost, setting('httpHost'), '0.0.0.0'),
    httpPort: port(raw.httpPort, setting('httpPort'), 8080),
    clusterHost: host(raw.clusterHost, setting('clusterHost'), '0.0.0.0'),
    clusterPort,
    advertise,
    clusterSecret: secret,
    dbMaster,
    adminPassword: adminPassword(raw.adminPassword, setting('adminPassword')),
    region,
    netId,
    logLevel,
    dedupWindowMs: dedupWindow(raw.dedupWindowMs, setting('dedupWindowMs')),
    drainS: drainSeconds(raw.drainS, setting('drainS')),
    ...tlsFiles(raw, setting),
    corsOrigins: corsOrigins(raw.corsOrigins, setting('corsOrigins')),
    // 20 000 uplinks are well under a second of a full node's traffic and some 20 MB.
    uplinkQueueLimit: boundedInt(raw.uplinkQueueLimit, setting('uplinkQueueLimit'), {
      fallback: 20_000,
      min: 1,
      max: 1_000_000,
      what: 'a number of uplinks',
    }),
    // RX1 opens 1 s after the uplink; a longer wait suits networks whose rx1Delay is longer.
    uplinkQueueTimeoutMs: boundedInt(raw.uplinkQueueTimeoutMs, setting('uplinkQueueTimeoutMs'), {
      fallback: 1000,
      min: 100,
      max: 60_000,
      what: 'a time in ms',
    }),
  });
}

/** An integer setting within [min, max]; `fallback` when unset. */
function boundedInt(
  value: unknown,
  setting: string,
  bounds: { fallback: number; min: number; max: number; what: string },
): number {
  if (value === undefined || value === null) return bounds.fallback;
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw new ConfigError(
      setting,
      `${JSON.stringify(value)} is not ${bounds.what} (${bounds.min}-${bounds.max})`,
    );
  }
  return n;
}

/**
 * LNS_TLS_CERT and LNS_TLS_KEY: both or neither, readable PEM files that make a working TLS
 * context together (a key that does not match the certificate is caught here, not at the
 * first handshake).
 */
function tlsFiles(
  raw: Raw,
  setting: (key: keyof Config) => string,
): { tlsCert: string | undefined; tlsKey: string | undefined } {
  const tlsCert = str(raw.tlsCert, setting('tlsCert'));
  const tlsKey = str(raw.tlsKey, setting('tlsKey'));
  if (tlsCert === undefined && tlsKey === undefined) return { tlsCert, tlsKey };
  if (tlsCert === undefined)
    throw new ConfigError(setting('tlsCert'), `must be set with ${setting('tlsKey')}`);
  if (tlsKey === undefined)
    throw new ConfigError(setting('tlsKey'), `must be set with ${setting('tlsCert')}`);
  const cert = readPem(tlsCert, setting('tlsCert'));
  const key = readPem(tlsKey, setting('tlsKey'));
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new ConfigError(
      setting('tlsKey'),
      `does not fit the certificate in ${tlsCert}: ${(err as Error).message}`,
    );
  }
  return { tlsCert, tlsKey };
}

function readPem(path: string, setting: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(setting, `cannot read ${path}: ${(err as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new ConfigError(setting, `${path} is not a PEM file`);
  return text;
}

/**
 * 10 s by default: a load balancer that polls /health every 2-3 s has moved the gateways by
 * then, and every class A answer (RX2 at most 16 s after an uplink, 2 s by default) is out.
 * Up to an hour, for load balancers with slow health checks.
 */
function drainSeconds(value: unknown, setting: string): number {
  if (value === undefined || value === null) return 10;
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 3600) {
    throw new ConfigError(setting, `${JSON.stringify(value)} is not a number of seconds (0-3600)`);
  }
  return n;
}

/**
 * RX1 opens 1 s after the uplink and the answer needs ~150 ms of lead and some processing:
 * a window past 600 ms would push every class A answer into RX2.
 */
function dedupWindow(value: unknown, setting: string): number {
  if (value === undefined || value === null) return 200;
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 600) {
    throw new ConfigError(setting, `${JSON.stringify(value)} is not a window in ms (0-600)`);
  }
  return n;
}

/**
 * Comma-separated origins (a list in the JSON file), each `http(s)://host[:port]` exactly as a
 * browser sends it in `Origin`: no path, no wildcard. None (the default) is same-origin only.
 */
function corsOrigins(value: unknown, setting: string): readonly string[] {
  if (value === undefined || value === null) return Object.freeze([]);
  const items =
    typeof value === 'string' ? value.split(',') : Array.isArray(value) ? (value as unknown[]) : [];
  if (typeof value !== 'string' && !Array.isArray(value)) {
    throw new ConfigError(setting, 'must be a comma-separated list of origins');
  }
  const origins: string[] = [];
  for (const item of items) {
    const text = typeof item === 'string' ? item.trim() : '';
    if (text === '' && typeof value === 'string') continue;
    let origin: string | undefined;
    try {
      const url = new URL(text);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && `${url.origin}` !== 'null') {
        origin = url.origin;
      }
      // A path, query or credentials would never match a browser's Origin header.
      if (url.href !== `${url.origin}/` || text.endsWith('/')) origin = undefined;
    } catch {
      origin = undefined;
    }
    if (origin === undefined) {
      throw new ConfigError(
        setting,
        `${JSON.stringify(item)} is not an origin like https://admin.example.com or http://localhost:5173`,
      );
    }
    origins.push(origin);
  }
  return Object.freeze(origins);
}

/** The first admin's password obeys the same policy as every other (shared/password-policy). */
function adminPassword(value: unknown, setting: string): string | undefined {
  const password = str(value, setting);
  const problem = password === undefined ? undefined : passwordProblem(password);
  if (problem !== undefined) throw new ConfigError(setting, problem);
  return password;
}

function readConfigFile(path: string): Raw {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('--config', `cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('--config', `${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('--config', `${path} must hold a JSON object`);
  }
  const known = new Set(Object.keys(settingVariables));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) {
      throw new ConfigError(
        `${key} (in ${path})`,
        `unknown setting; known: ${[...known].join(', ')}`,
      );
    }
  }
  return parsed;
}

function str(value: unknown, setting: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(setting, 'must be a non-empty string');
  }
  return value.trim();
}

function port(value: unknown, setting: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  // Port 0 is allowed on purpose: tests and `lns local-cluster` ask the OS for a free port.
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(setting, `${JSON.stringify(value)} is not a port number (0-65535)`);
  }
  return n;
}

function host(value: unknown, setting: string, fallback: string): string {
  const h = str(value, setting) ?? fallback;
  if (isIP(h) === 0 && !HOSTNAME_RE.test(h)) {
    throw new ConfigError(setting, `"${h}" is not an IP address or host name`);
  }
  return h;
}

/** Splits `host:port` (IPv6 as `[::1]:4370`); throws ConfigError naming the setting. */
export function parseHostPort(
  value: string,
  setting: string,
  options: { allowPortZero?: boolean } = {},
): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const h = m?.[1] ?? m?.[2];
  const p = Number(m?.[3]);
  const minPort = options.allowPortZero ? 0 : 1;
  if (
    !h ||
    !Number.isInteger(p) ||
    p < minPort ||
    p > 65535 ||
    (isIP(h) === 0 && !HOSTNAME_RE.test(h))
  ) {
    throw new ConfigError(setting, `"${value}" is not host:port`);
  }
  return { host: h, port: p };
}
