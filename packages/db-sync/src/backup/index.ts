// Backup and restore of a store: the join snapshot as a file (see format.ts).
export { BACKUP_FORMAT } from './format.js';
export type { BackupHeader } from './format.js';
export { BackupReader } from './read.js';
export type { BackupPart, BackupSummary } from './read.js';
export { restoreBackup } from './restore.js';
export type { RestoreOptions } from './restore.js';
export { openBackup } from './write.js';
export type { BackupOptions, BackupSource } from './write.js';
