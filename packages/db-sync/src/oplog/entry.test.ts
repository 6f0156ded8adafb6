import { describe, expect, it } from 'vitest';
import { decodeStoredEntry, decodeStoredEntryRaw, encodeSeq, encodeStoredEntry } from './entry.js';

const HLC = '0000019a2b3c4d5e0001n1';

describe('decodeStoredEntryRaw', () => {
  it.each([
    ['a plain key', 'nodes', '26000001', { id: '26000001', fCntUp: 7, nested: { a: [1, 2] } }],
    ['a key with quotes and backslashes', 'queue', 'a"b\\c","v":x', { text: 'q"uo\\te' }],
    ['a key with non-ASCII text', 'users', 'müller-ü', { name: '日本' }],
    ['a value that is a string', 'meta', 'k', 'just text'],
    ['a value that is null', 'meta', 'k', null],
  ])('gives the stored value text of %s, as the parsed entry would', (_what, table, key, value) => {
    const text = encodeStoredEntry(table, key, HLC, 'n1', JSON.stringify(value));
    const raw = decodeStoredEntryRaw(encodeSeq(42), text);
    const parsed = decodeStoredEntry(encodeSeq(42), text);
    expect(raw).toEqual({
      seq: 42,
      table,
      key,
      hlc: HLC,
      origin: 'n1',
      json: JSON.stringify(value),
    });
    expect(parsed).toMatchObject({ table, key, hlc: HLC, origin: 'n1', value });
  });

  it('gives null for a delete', () => {
    const text = encodeStoredEntry('nodes', '26000001', HLC, 'n2', undefined);
    expect(decodeStoredEntryRaw(encodeSeq(1), text)).toEqual({
      seq: 1,
      table: 'nodes',
      key: '26000001',
      hlc: HLC,
      origin: 'n2',
      json: null,
    });
  });

  it('reads an entry of another layout by parsing it', () => {
    const text = JSON.stringify({ v: { a: 1 }, o: 'n1', h: HLC, k: 'x', t: 'nodes' });
    expect(decodeStoredEntryRaw(encodeSeq(3), text)).toEqual({
      seq: 3,
      table: 'nodes',
      key: 'x',
      hlc: HLC,
      origin: 'n1',
      json: '{"a":1}',
    });
  });

  it('refuses what is no entry at all (SYNC_CORRUPT)', () => {
    expect(() => decodeStoredEntryRaw(encodeSeq(3), '{"t":"nodes"')).toThrow(
      expect.objectContaining({ code: 'SYNC_CORRUPT' }),
    );
  });
});
