/**
 * Reading a backup file as it arrives (a download or a file), checking as it goes: the first
 * frame must be a backup's snap_begin, rows are checked like a join's, and `end()` checks the
 * record count and the trailing SHA-256. Every problem is one SYNC_BACKUP_INVALID saying
 * what is wrong and where, so a truncated or damaged file is never taken for a good one.
 */
import { SyncError } from '../errors.js';
import type { RecordRow } from '../store/index.js';
import { int, recordRows, str, strings } from '../replication/messages.js';
import { FrameDecoder } from '../transport/index.js';
import type { Message } from '../transport/index.js';
import { BACKUP_FORMAT, TRAILER_BYTES, TRAILER_MAGIC, checksum } from './format.js';
import type { BackupHeader } from './format.js';

/** What a read backup held, once `end()` accepted it. */
export interface BackupSummary {
  readonly header: BackupHeader;
  readonly records: number;
  readonly bytes: number;
}

export type BackupPart =
  | { readonly kind: 'begin'; readonly header: BackupHeader }
  | { readonly kind: 'rows'; readonly table: string; readonly rows: readonly RecordRow[] };

function invalid(message: string, details: Record<string, string | number> = {}): SyncError {
  return new SyncError('SYNC_BACKUP_INVALID', message, details);
}

function headerOf(m: Message): BackupHeader {
  if (m.t !== 'snap_begin' || m.format !== BACKUP_FORMAT) {
    throw invalid(`not an lns backup (format ${BACKUP_FORMAT})`);
  }
  return {
    format: BACKUP_FORMAT,
    clusterId: str(m, 'clusterId'),
    node: str(m, 'node'),
    version: str(m, 'version'),
    createdAt: str(m, 'createdAt'),
    total: int(m, 'total'),
    upTo: int(m, 'upTo'),
    tables: strings(m, 'tables'),
  };
}

export class BackupReader {
  readonly #decoder = new FrameDecoder();
  readonly #hash = checksum();
  /** The last bytes seen: the trailer, if the file ends here. */
  #held = Buffer.alloc(0);
  #bytes = 0;
  #header: BackupHeader | undefined;
  #records = 0;
  #ended = false;

  /** The header, once the first frame has arrived. */
  get header(): BackupHeader | undefined {
    return this.#header;
  }

  /** Records read so far. */
  get records(): number {
    return this.#records;
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Takes the next bytes; returns the parts they complete. Throws SYNC_BACKUP_INVALID. */
  push(chunk: Buffer): BackupPart[] {
    this.#bytes += chunk.length;
    const all = this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]);
    const keep = Math.min(all.length, TRAILER_BYTES);
    const body = all.subarray(0, all.length - keep);
    // Copied: a caller may reuse its buffer.
    this.#held = Buffer.from(all.subarray(all.length - keep));
    if (body.length === 0) return [];
    this.#hash.update(body);
    let messages: Message[];
    try {
      messages = this.#decoder.push(body);
    } catch (err) {
      throw invalid(`damaged near byte ${this.#bytes}: ${(err as Error).message}`, {
        byte: this.#bytes,
      });
    }
    return messages.flatMap((m) => this.#part(m));
  }

  #part(m: Message): BackupPart[] {
    try {
      if (this.#ended) throw invalid('damaged: data after the end of the backup');
      if (this.#header === undefined) {
        this.#header = headerOf(m);
        return [{ kind: 'begin', header: this.#header }];
      }
      if (m.t === 'snap_chunk') {
        const rows = recordRows(m);
        this.#records += rows.length;
        return [{ kind: 'rows', table: str(m, 'table'), rows }];
      }
      if (m.t === 'snap_end') {
        if (int(m, 'records') !== this.#records) {
          throw invalid(
            `damaged: ${this.#records} records read, the file says ${int(m, 'records')}`,
          );
        }
        this.#ended = true;
        return [];
      }
      throw invalid(`damaged: unexpected ${m.t.slice(0, 40)} frame`);
    } catch (err) {
      if (err instanceof SyncError && err.code === 'SYNC_PROTOCOL') {
        throw invalid(`damaged near byte ${this.#bytes}: ${err.message}`, { byte: this.#bytes });
      }
      throw err;
    }
  }

  /** Call at the end of the input: throws SYNC_BACKUP_INVALID unless the file was whole. */
  end(): BackupSummary {
    if (this.#header === undefined) {
      throw invalid(
        this.#bytes === 0 ? 'empty file' : `not an lns backup (format ${BACKUP_FORMAT})`,
      );
    }
    const total = this.#header.total;
    const magicOk = this.#held.subarray(0, TRAILER_MAGIC.length).equals(TRAILER_MAGIC);
    if (!this.#ended || this.#decoder.bufferedBytes > 0 || !magicOk) {
      throw invalid(
        `truncated: the file ends after ${this.#bytes} bytes, ${this.#records} of ${total} records`,
        { bytes: this.#bytes, records: this.#records, total },
      );
    }
    if (!this.#held.subarray(TRAILER_MAGIC.length).equals(this.#hash.digest())) {
      throw invalid('damaged: the checksum does not match the content');
    }
    if (this.#records !== total) {
      throw invalid(`damaged: ${this.#records} records, the header says ${total}`);
    }
    return { header: this.#header, records: this.#records, bytes: this.#bytes };
  }
}
