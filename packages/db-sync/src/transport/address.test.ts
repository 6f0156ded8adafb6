import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from './address.js';

describe('addresses', () => {
  it.each([
    ['node1:4370', 'node1', 4370],
    ['127.0.0.1:1', '127.0.0.1', 1],
    ['[::1]:65535', '::1', 65535],
  ])('parses %s', (text, host, port) => {
    expect(parseAddress(text)).toEqual({ host, port });
  });

  it.each(['node1', 'node1:0', 'node1:65536', ':4370', '::1:4370', 'a b:1', ''])(
    'refuses %j with SYNC_INVALID_ADDRESS',
    (text) => {
      expect(() => parseAddress(text)).toThrow(
        expect.objectContaining({ code: 'SYNC_INVALID_ADDRESS' }),
      );
    },
  );

  it('brackets IPv6 hosts', () => {
    expect(formatAddress('::1', 80)).toBe('[::1]:80');
    expect(formatAddress('h', 80)).toBe('h:80');
  });
});
