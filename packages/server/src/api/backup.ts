/**
 * `POST /api/backup` (admin): an online, consistent copy of the replicated database, streamed
 * as the backup file (`lns backup <file>` saves it; `lns restore` loads it into a fresh node).
 * POST, not GET: the file holds every key and password hash, so only admins may take it.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/** A backup being taken: its size in records (known up front) and its bytes. */
export interface BackupStream {
  readonly total: number;
  readonly bytes: AsyncIterable<Buffer>;
}

/** Takes a backup now (app.ts gives db-sync's); api/ does not import the database. */
export type TakeBackup = () => Promise<BackupStream>;

/** Response header with the number of records in the backup, for progress. */
export const BACKUP_RECORDS_HEADER = 'lns-backup-records';

export function backupRoutes(app: FastifyInstance, take: TakeBackup, server: string): void {
  app.post(
    '/backup',
    {
      schema: {
        summary: 'Take a backup of the replicated database',
        description:
          'One consistent snapshot of every replicated table, as a backup file ' +
          '(application/octet-stream); `Lns-Backup-Records` gives its size in records.',
        response: {
          200: { description: 'the backup file', type: 'string', format: 'binary' },
        },
      },
    },
    async (_request, reply) => {
      const backup = await take();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="lns-${server}-${stamp}.backup"`)
        .header(BACKUP_RECORDS_HEADER, String(backup.total))
        .send(Readable.from(backup.bytes, { objectMode: false }));
    },
  );
}
