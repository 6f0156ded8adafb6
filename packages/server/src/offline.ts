/**
 * Work on a stopped node's data dir, for the `lns` commands that need the database itself
 * (cli/ talks to nodes and has no database): a password change while the node is stopped,
 * a restore, and checking a backup's bytes as `lns backup` receives them.
 * Writes go through the store as the node itself would make them, under the node's own name
 * (from its node.json), so they replicate to its peers when it starts.
 */
import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupReader, isSyncError, openStore, restoreBackup } from '@lns/db-sync';
import type { BackupSummary } from '@lns/db-sync';
import { CliError } from './cli/index.js';
import type { BackupFacts, BackupTools, OfflineUsers } from './cli/index.js';
import type { Config } from './config/index.js';
import { readNodeFile } from './node-files.js';
import { createLogger } from './shared/logger.js';
import { openLnsStore, tableMerges } from './store/index.js';

/** The database directory inside a node's data dir (app.ts opens the same). */
export function databaseDir(dataDir: string): string {
  return join(dataDir, 'db');
}

/** The node name that owns `dataDir`: its node.json, else the configuration's. */
function ownerName(dataDir: string, config: Config): string {
  return readNodeFile(dataDir)?.node ?? config.node;
}

function locked(location: string): CliError {
  return new CliError(
    `${location} is in use by a running node; it does not answer on its HTTP address either`,
  );
}

export function offlineUsers(config: Config): OfflineUsers {
  return {
    async isStopped(dataDir) {
      const location = databaseDir(dataDir);
      if (!existsSync(location)) return false;
      try {
        const store = await openStore({ location, nodeId: ownerName(dataDir, config) });
        await store.close();
        return true;
      } catch (err) {
        if (isSyncError(err, 'SYNC_LOCKED')) return false;
        throw err;
      }
    },
    async setPassword(dataDir, name, password) {
      const location = databaseDir(dataDir);
      if (!existsSync(location)) {
        throw new CliError(`no database in ${dataDir}: start the node once first`);
      }
      let store;
      try {
        store = await openLnsStore({
          location,
          nodeId: ownerName(dataDir, config),
          log: createLogger({ level: 'warn', node: ownerName(dataDir, config) }),
          trimIntervalMs: 0,
        });
      } catch (err) {
        if (isSyncError(err, 'SYNC_LOCKED')) throw locked(location);
        throw err;
      }
      try {
        if ((await store.users.get(name)) === undefined) {
          throw new CliError(`user ${name} does not exist in ${location}`);
        }
        await store.users.update(name, { password: await password() });
      } finally {
        await store.close();
      }
      return location;
    },
  };
}

/** db-sync's refusals of a backup or a restore, as one line for the operator. */
function asCliError(err: unknown, file: string): unknown {
  if (isSyncError(err, 'SYNC_BACKUP_INVALID')) return new CliError(`${file}: ${err.message}`);
  if (isSyncError(err, 'SYNC_RESTORE_REFUSED')) return new CliError(err.message);
  if (isSyncError(err, 'SYNC_LOCKED')) {
    return new CliError(
      `${err.message}: stop the node first (restore needs a stopped, fresh node)`,
    );
  }
  return err;
}

function facts(summary: BackupSummary): BackupFacts {
  return {
    records: summary.records,
    bytes: summary.bytes,
    clusterId: summary.header.clusterId,
    node: summary.header.node,
    createdAt: summary.header.createdAt,
  };
}

export const backupTools: BackupTools = {
  checker() {
    const reader = new BackupReader();
    const checked = <T>(work: () => T): T => {
      try {
        return work();
      } catch (err) {
        throw asCliError(err, 'the backup received');
      }
    };
    return {
      push: (chunk) => void checked(() => reader.push(chunk)),
      get records() {
        return reader.records;
      },
      end: () => checked(() => facts(reader.end())),
    };
  },
  async restore(dataDir, file, onProgress) {
    const location = databaseDir(dataDir);
    const newDir = !existsSync(dataDir);
    try {
      const summary = await restoreBackup({
        location,
        nodeId: readNodeFile(dataDir)?.node ?? 'restore',
        source: createReadStream(file),
        storeOptions: { merges: tableMerges },
        onProgress,
      });
      return { ...facts(summary), location };
    } catch (err) {
      // A data dir made for this restore goes with it: nothing half-written stays.
      if (newDir) await rm(dataDir, { recursive: true, force: true });
      throw asCliError(err, file);
    }
  },
};
