import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_BITS, secretStrength, weakSecretReason } from './secret-strength.js';
import { loadConfig } from './load.js';

// Expected values are worked out by hand from the documented rule:
// bits = length × log2(sum of the sizes of the classes present), classes a-z 26, A-Z 26,
// 0-9 10, other printable ASCII 33, anything else 128.
describe('cluster secret strength (entropy-equivalent length)', () => {
  it.each([
    ['27 lower-case letters: 27 × log2(26) = 126.9', 'a'.repeat(27), 26, 126.9],
    ['28 lower-case letters: 28 × log2(26) = 131.6', 'b'.repeat(28), 26, 131.6],
    [
      'a human passphrase, 21 chars of a-z and -: 21 × log2(59) = 123.5',
      'correct-horse-battery',
      59,
      123.5,
    ],
    [
      '19 chars of all four printable classes: 19 × log2(95) = 124.8',
      'aA1!aA1!aA1!aA1!aA1',
      95,
      124.8,
    ],
    [
      '20 chars of all four printable classes: 20 × log2(95) = 131.4',
      'aA1!aA1!aA1!aA1!aA1!',
      95,
      131.4,
    ],
    ['25 hex digits (a-f, 0-9): 25 × log2(36) = 129.2', '0123456789abcdef012345678', 36, 129.2],
    ['16 digits: 16 × log2(10) = 53.2', '1234567890123456', 10, 53.2],
    ['15 non-ASCII letters: 15 × log2(128) = 105', 'ééééééééééééééé', 128, 105],
  ])('%s', (_what, secret, alphabet, bits) => {
    const strength = secretStrength(secret);
    expect(strength.alphabet).toBe(alphabet);
    expect(strength.bits).toBeCloseTo(bits, 1);
    expect(weakSecretReason(secret) === undefined).toBe(bits >= MIN_SECRET_BITS);
  });

  it('passes every generated secret (32 random bytes in hex, as a first start writes)', () => {
    for (let i = 0; i < 50; i += 1) {
      expect(weakSecretReason(randomBytes(32).toString('hex'))).toBeUndefined();
    }
  });

  it('refuses a weak LNS_CLUSTER_SECRET at load with one line naming it and the rule', () => {
    expect(() => loadConfig({ env: { LNS_CLUSTER_SECRET: 'correct-horse-battery' } })).toThrowError(
      /^LNS_CLUSTER_SECRET: has about 123 bits of entropy-equivalent length \(21 characters from an alphabet of 59\), at least 128 are needed/,
    );
  });
});
