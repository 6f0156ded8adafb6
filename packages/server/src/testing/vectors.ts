/**
 * Loads the shared LoRaWAN test vectors (fixtures/lorawan-1.0.json) for tests. Entries are
 * typed loosely on purpose: each test reads the fields its vector kind has and names the
 * vector's `source` in its title.
 */
import { readFileSync } from 'node:fs';

export type VectorEntry = Record<string, unknown> & { id?: string; source?: string };

export interface LorawanVectors {
  conventions: Record<string, string>;
  data_frames: VectorEntry[];
  crypto_primitives: VectorEntry[];
  join_requests: VectorEntry[];
  join_accepts: VectorEntry[];
  session_keys: VectorEntry[];
  mac_commands: VectorEntry[];
  mac_commands_from_captures: VectorEntry[];
  regions: Record<string, Record<string, unknown>>;
}

let cached: LorawanVectors | undefined;

export function loadLorawanVectors(): LorawanVectors {
  cached ??= JSON.parse(
    readFileSync(new URL('../../fixtures/lorawan-1.0.json', import.meta.url), 'utf8'),
  ) as LorawanVectors;
  return cached;
}

/** A hex field of a vector entry as a Buffer; throws if the field is missing. */
export function hexField(entry: VectorEntry, field: string): Buffer {
  const value = entry[field];
  if (typeof value !== 'string') throw new Error(`vector ${entry.id ?? '?'} has no ${field}`);
  return Buffer.from(value, 'hex');
}
