import { describe, expect, it } from 'vitest';
import type { DevAddr } from '../../shared/index.js';
import { SessionCryptoCache } from './crypto-cache.js';
import { APP_S_KEY, NWK_S_KEY } from '../testing/uplink.js';

const session = (id: string, nwkSKey = NWK_S_KEY) => ({
  id: id as DevAddr,
  nwkSKey,
  appSKey: APP_S_KEY,
});

describe('SessionCryptoCache', () => {
  it('returns the same object for the same session and keys', () => {
    const cache = new SessionCryptoCache(4);
    expect(cache.get(session('00000001'))).toBe(cache.get(session('00000001')));
    expect(cache.size).toBe(1);
  });

  it('builds a new object when a key changes', () => {
    const cache = new SessionCryptoCache(4);
    const before = cache.get(session('00000001'));
    expect(cache.get(session('00000001', APP_S_KEY))).not.toBe(before);
  });

  it('evicts the least recently used entry', () => {
    const cache = new SessionCryptoCache(2);
    const a = cache.get(session('0000000a'));
    cache.get(session('0000000b'));
    cache.get(session('0000000a'));
    cache.get(session('0000000c'));
    expect(cache.size).toBe(2);
    expect(cache.get(session('0000000a'))).toBe(a);
    expect(cache.size).toBe(2);
  });
});
