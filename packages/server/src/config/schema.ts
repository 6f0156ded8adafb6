/**
 * Every setting of SPEC "Configuration": its environment variable, its key in the JSON config
 * file, how it is parsed and its default. A variable wins over the file.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly node: string;
  readonly dataDir: string;
  readonly udpHost: string;
  readonly udpPort: number;
  readonly httpHost: string;
  readonly httpPort: number;
  readonly clusterHost: string;
  readonly clusterPort: number;
  readonly advertise: string;
  /** Undefined means: read or create `<dataDir>/cluster.secret`. */
  readonly clusterSecret: string | undefined;
  readonly dbMaster: string | undefined;
  readonly adminPassword: string | undefined;
  readonly region: string;
  readonly netId: string;
  readonly logLevel: LogLevel;
  /** How long copies of one uplink from several gateways are gathered (ms). */
  readonly dedupWindowMs: number;
  /** On SIGTERM (or a drain request), seconds of `draining` before the node exits. */
  readonly drainS: number;
  /** PEM certificate and key files: the HTTP port serves HTTPS and `wss://` (both or neither). */
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  /** Origins (`https://host[:port]`) allowed to call /api from a browser; none: same-origin. */
  readonly corsOrigins: readonly string[];
  /** Deduplicated uplinks that may wait for a pipeline; more are dropped (`queue_full`). */
  readonly uplinkQueueLimit: number;
  /** Longest wait from an uplink's first copy to its pipeline (ms); then `queue_timeout`. */
  readonly uplinkQueueTimeoutMs: number;
}

export const logLevels: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Setting key in the JSON file -> environment variable. */
export const settingVariables: Readonly<Record<keyof Config, string>> = {
  node: 'LNS_NODE',
  dataDir: 'LNS_DATA_DIR',
  udpHost: 'LNS_UDP_HOST',
  udpPort: 'LNS_UDP_PORT',
  httpHost: 'LNS_HTTP_HOST',
  httpPort: 'LNS_HTTP_PORT',
  clusterHost: 'LNS_CLUSTER_HOST',
  clusterPort: 'LNS_CLUSTER_PORT',
  advertise: 'LNS_ADVERTISE',
  clusterSecret: 'LNS_CLUSTER_SECRET',
  dbMaster: 'LNS_DB_MASTER',
  adminPassword: 'LNS_ADMIN_PASSWORD',
  region: 'LNS_REGION',
  netId: 'LNS_NET_ID',
  logLevel: 'LNS_LOG_LEVEL',
  dedupWindowMs: 'LNS_DEDUP_WINDOW_MS',
  drainS: 'LNS_DRAIN_S',
  tlsCert: 'LNS_TLS_CERT',
  tlsKey: 'LNS_TLS_KEY',
  corsOrigins: 'LNS_CORS_ORIGINS',
  uplinkQueueLimit: 'LNS_UPLINK_QUEUE_LIMIT',
  uplinkQueueTimeoutMs: 'LNS_UPLINK_QUEUE_TIMEOUT_MS',
};
