/**
 * The `lns` subcommands that talk to a running node (cluster, user) or start several
 * (local-cluster). main.ts dispatches to them; the module's only entry.
 */
export { runClusterCommand, formatServers } from './cluster-cli.js';
export { runLocalCluster } from './local-cluster.js';
export { runUserCommand } from './user-cli.js';
export { CliError, callLocalNode } from './local-api.js';
export { forEachLine, listeningPorts } from './start-line.js';
export type { ListeningPorts } from './start-line.js';
