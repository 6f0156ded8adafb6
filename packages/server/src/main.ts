#!/usr/bin/env node
/**
 * The `lns` command: reads the command line and configuration, builds the node and runs it
 * until SIGTERM/SIGINT. Configuration errors end the process with one line and exit code 2.
 */
import { parseArgs } from 'node:util';
import { isSyncError } from '@lns/db-sync';
import { buildNode } from './app.js';
import { ConfigError, loadConfig } from './config/index.js';
import { createLogger } from './shared/logger.js';
import { runSimulate } from './sim/index.js';
import {
  reachableHost,
  hostPort,
  runBackupCommand,
  runClusterCommand,
  runRestoreCommand,
  runLocalCluster,
  runUserCommand,
  adminPasswordBanner,
  startBanner,
} from './cli/index.js';
import { writeNodeFile } from './node-files.js';
import { backupTools, offlineUsers } from './offline.js';

const usage = `usage: lns <command> [options]

commands:
  start [--config path]    start a node (the default command)
  cluster status           the cluster's servers (also: cluster add <host:port>,
                           cluster remove <node>, cluster push, cluster drain <node>)
  user add <name>          create a user (--role admin|viewer)
  user passwd <name>       change a user's password (node running or stopped)
  backup <file>            a consistent copy of the cluster's database, from a running node
  restore <file>           load a backup into a fresh, stopped node (--data-dir path)
  local-cluster --nodes N  N nodes on loopback plus a ready nginx config, for trying
  simulate [options]       act as a gateway and a device: send a real uplink or join to a
                           node and print what comes back (lns simulate --help)

options:
  --config path            JSON configuration file; LNS_* environment variables win over it
  -h, --help               show this help

The commands that talk to a node take --node host:port (its HTTP address) and --data-dir path
(its data dir: its secret, and its address while it runs); without them, the node this
configuration runs. Each command has its own --help.
`;

const EXIT_USAGE = 2;

function fail(line: string, code: number): never {
  process.stderr.write(`lns: ${line}\n`);
  process.exit(code);
}

async function start(configPath: string | undefined): Promise<void> {
  let config;
  try {
    config = loadConfig({ configPath });
  } catch (err) {
    if (err instanceof ConfigError) fail(`invalid configuration: ${err.message}`, EXIT_USAGE);
    throw err;
  }
  const log = createLogger({ level: config.logLevel, node: config.node });
  let node;
  try {
    node = await buildNode({ config, log });
  } catch (err) {
    if (err instanceof ConfigError) fail(`invalid configuration: ${err.message}`, EXIT_USAGE);
    if (isSyncError(err, 'SYNC_LOCKED')) {
      fail(`${err.message}: is a node already running on ${config.dataDir}?`, 1);
    }
    throw err;
  }
  process.stdout.write(
    adminPasswordBanner({
      dataDir: config.dataDir,
      generatedAdminPassword: node.generatedAdminPassword,
      adminPasswordIgnored: node.adminPasswordIgnored,
    }),
  );
  // However the node stops (signal, `lns cluster drain`, a drain asked by a peer or the
  // API), the process ends with it.
  node.stopped.then(
    () => process.exit(0),
    (err: unknown) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
  const stopFailed = (err: unknown): void => {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  };
  // SIGTERM drains (SPEC LNS_DRAIN_S): the load balancer moves the gateways meanwhile. A
  // second SIGTERM, or SIGINT at a terminal, stops at once.
  process.once('SIGTERM', () => {
    log.info({ signal: 'SIGTERM' }, 'shutting down');
    node.drain().catch(stopFailed);
    process.once('SIGTERM', () => void node.close().catch(stopFailed));
  });
  process.once('SIGINT', () => {
    log.info({ signal: 'SIGINT' }, 'shutting down');
    node.close().catch(stopFailed);
  });
  let bound;
  try {
    bound = await node.listen();
  } catch (err) {
    log.fatal({ err }, 'cannot listen');
    await node.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'close failed'));
    process.exit(1);
  }
  // `lns` commands on this machine find the node, and its name, through its data dir.
  writeNodeFile(config.dataDir, {
    node: config.node,
    pid: process.pid,
    http: hostPort(reachableHost(config.httpHost), bound.httpPort),
    udp: hostPort(config.udpHost, bound.udpPort),
    cluster: node.cluster.advertise,
  });
  process.stdout.write(
    startBanner({
      node: config.node,
      dataDir: config.dataDir,
      httpHost: config.httpHost,
      httpPort: bound.httpPort,
      udpHost: config.udpHost,
      udpPort: bound.udpPort,
      clusterAddress: node.cluster.advertise,
    }),
  );
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  // These parse their own options.
  if (argv[0] === 'simulate') {
    process.exitCode = await runSimulate(argv.slice(1));
    return;
  }
  if (argv[0] === 'user') {
    process.exitCode = await runUserCommand(argv.slice(1), (config) => offlineUsers(config));
    return;
  }
  if (argv[0] === 'cluster') {
    process.exitCode = await runClusterCommand(argv.slice(1));
    return;
  }
  if (argv[0] === 'backup') {
    process.exitCode = await runBackupCommand(argv.slice(1), backupTools);
    return;
  }
  if (argv[0] === 'restore') {
    process.exitCode = await runRestoreCommand(argv.slice(1), backupTools);
    return;
  }
  if (argv[0] === 'local-cluster') {
    process.exitCode = await runLocalCluster(argv.slice(1));
    return;
  }
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${usage}`, EXIT_USAGE);
  }
  const [command = 'start'] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(usage);
    return;
  }
  switch (command) {
    case 'start':
      return start(parsed.values.config);
    default:
      fail(`unknown command "${command}"\n${usage}`, EXIT_USAGE);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`lns: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
