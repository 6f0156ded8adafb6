import { readFileSync } from 'node:fs';
import { SYNC_ERROR_CODES } from '@lns/db-sync';
import { describe, expect, it } from 'vitest';
import { configErrorCodes } from '../src/config/index.js';
import { lorawanErrorCodes } from '../src/lorawan/index.js';
import { udpErrorCodes } from '../src/udp/index.js';
import { storeErrorCodes } from '../src/store/index.js';
import { apiErrorCodes } from '../src/api/index.js';
import { nsErrorCodes } from '../src/ns/index.js';
import { clusterErrorCodes } from '../src/cluster/index.js';
import { stationErrorCodes } from '../src/station/index.js';

/** Codes exported by the modules, by prefix. */
const exported: readonly string[] = [
  ...configErrorCodes,
  ...udpErrorCodes,
  ...lorawanErrorCodes,
  ...SYNC_ERROR_CODES,
  ...storeErrorCodes,
  ...apiErrorCodes,
  ...nsErrorCodes,
  ...clusterErrorCodes,
  ...stationErrorCodes,
];

function documentedCodes(): string[] {
  const text = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  return [...text.matchAll(/^\|\s*([A-Z][A-Z0-9_]+)\s*\|/gm)].map((m) => m[1]!);
}

describe('docs/errors.md', () => {
  it('documents every exported error code', () => {
    const documented = new Set(documentedCodes());
    expect(exported.filter((c) => !documented.has(c))).toEqual([]);
  });

  it('documents no code that is not exported', () => {
    const known = new Set(exported);
    expect(documentedCodes().filter((c) => !known.has(c))).toEqual([]);
  });

  it('never lists a code twice', () => {
    const codes = documentedCodes();
    expect(codes.length).toBe(new Set(codes).size);
  });
});
