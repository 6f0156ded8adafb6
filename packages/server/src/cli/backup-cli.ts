/**
 * `lns backup <file>`: an online, consistent copy of the replicated database, taken by a
 * running node (`POST /api/backup`) and written to `<file>` only once it arrived whole and
 * its checksum matched. `lns restore <file>`: loads a backup into a fresh, stopped node's data
 * dir, which then starts as a cluster of its own that other nodes can join.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { BACKUP_RECORDS_HEADER } from '../api/index.js';
import {
  CliUsageError,
  parseCommand,
  cliConfig,
  reportCliErrors,
  requestNode,
  resolveTarget,
  targetOptions,
  targetUsage,
} from './node-api.js';
import { terminalProgress } from './progress.js';

/** What a backup says about itself. */
export interface BackupFacts {
  readonly records: number;
  readonly bytes: number;
  readonly clusterId: string;
  readonly node: string;
  readonly createdAt: string;
}

/** Checks backup bytes as they arrive; errors are CliErrors naming what is wrong. */
export interface BackupChecker {
  push(chunk: Buffer): void;
  readonly records: number;
  end(): BackupFacts;
}

/** The backup file's codec and the restore, from the composition root (cli/ has no database). */
export interface BackupTools {
  checker(): BackupChecker;
  /** Restores `file` into the stopped node of `dataDir`; throws CliError when it cannot. */
  restore(
    dataDir: string,
    file: string,
    onProgress: (records: number, total: number) => void,
  ): Promise<BackupFacts & { readonly location: string }>;
}

const backupUsage = `usage: lns backup <file> [target]

  Takes a consistent copy of the cluster's replicated database from a running node and
  writes it to <file> (not overwritten if it exists). Progress shows on a terminal.

${targetUsage}
`;

const restoreUsage = `usage: lns restore <file> [--data-dir path] [--config path]

  Loads a backup into a fresh node's data dir (the node stopped, its database absent or
  empty). Nothing is written unless the whole file is read and its checksum matches. The
  node then starts as a new cluster of its own; other nodes join it (LNS_DB_MASTER, or
  lns cluster add).
`;

function describe(facts: BackupFacts): string {
  return `${facts.records} records, ${facts.bytes} bytes; cluster ${facts.clusterId}, taken on node ${facts.node} at ${facts.createdAt}`;
}

export function runBackupCommand(argv: readonly string[], tools: BackupTools): Promise<number> {
  return reportCliErrors('backup', async () => {
    const parsed = parseCommand(
      { args: [...argv], allowPositionals: true, options: targetOptions },
      backupUsage,
    );
    const [file] = parsed.positionals;
    if (file === undefined || parsed.positionals.length > 1) throw new CliUsageError(backupUsage);
    if (existsSync(file)) throw new CliUsageError(`${file} exists; choose a new file name`);
    const target = resolveTarget(parsed.values);
    const res = await requestNode(target, 'POST', '/api/backup', { timeoutMs: 6 * 3600_000 });
    const total = Number(res.headers.get(BACKUP_RECORDS_HEADER) ?? 0);
    const temp = `${file}.partial-${process.pid}`;
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    const checker = tools.checker();
    const progress = terminalProgress(`lns: backup from ${target.baseUrl}`, 'records');
    try {
      if (res.body === null) throw new CliUsageError('the node sent no backup');
      const body = (res.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        checker.push(bytes);
        progress.update(checker.records, total);
        if (!out.write(bytes)) await once(out, 'drain');
      }
      const facts = checker.end();
      progress.finish();
      out.end();
      await once(out, 'close');
      await rename(temp, file);
      process.stdout.write(`backup written to ${file}: ${describe(facts)}\n`);
      return 0;
    } catch (err) {
      progress.finish();
      out.destroy();
      await rm(temp, { force: true });
      throw err;
    }
  });
}

export function runRestoreCommand(argv: readonly string[], tools: BackupTools): Promise<number> {
  return reportCliErrors('restore', async () => {
    const parsed = parseCommand(
      {
        args: [...argv],
        allowPositionals: true,
        options: { config: targetOptions.config, 'data-dir': targetOptions['data-dir'] },
      },
      restoreUsage,
    );
    const [file] = parsed.positionals;
    if (file === undefined || parsed.positionals.length > 1) throw new CliUsageError(restoreUsage);
    if (!existsSync(file)) throw new CliUsageError(`${file}: no such file`);
    const dataDir = parsed.values['data-dir'] ?? cliConfig(parsed.values.config).dataDir;
    const progress = terminalProgress(`lns: restoring ${file}`, 'records');
    let facts;
    try {
      facts = await tools.restore(dataDir, file, (done, total) => progress.update(done, total));
    } finally {
      progress.finish();
    }
    process.stdout.write(
      [
        `restored into ${facts.location}: ${describe(facts)}`,
        `Start the node on ${dataDir}: it is a new cluster of its own (its users and their ` +
          'passwords come from the backup); other nodes join it with LNS_DB_MASTER=<its ' +
          'cluster address> at their first start, or lns cluster add.',
        '',
      ].join('\n'),
    );
    return 0;
  });
}
