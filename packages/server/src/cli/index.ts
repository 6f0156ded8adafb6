/**
 * The `lns` subcommands that talk to a running node (cluster, user, backup) or start several
 * (local-cluster), and the start banner. main.ts dispatches to them; the module's only entry.
 */
export { runClusterCommand, formatServers } from './cluster-cli.js';
export { runLocalCluster } from './local-cluster.js';
export { runUserCommand } from './user-cli.js';
export { runBackupCommand, runRestoreCommand } from './backup-cli.js';
export type { BackupChecker, BackupFacts, BackupTools } from './backup-cli.js';
export type { OfflineUsers } from './user-cli.js';
export { CliError, CliUsageError, callNode, reachableHost, hostPort } from './node-api.js';
export { forEachLine, listeningPorts } from './start-line.js';
export type { ListeningPorts } from './start-line.js';
export { adminPasswordBanner, startBanner } from './start-banner.js';
export type { StartBannerFacts } from './start-banner.js';
