import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from './password.js';

const params = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse', params);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct hors', hash)).toBe(false);
  });

  it('keeps the scrypt parameters in the hash and salts each hash', async () => {
    const a = await hashPassword('same', params);
    const b = await hashPassword('same', params);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies with the parameters of the hash, not the current default', async () => {
    const hash = await hashPassword('pw', { N: 2048, r: 4, p: 2 });
    expect(await verifyPassword('pw', hash)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['other scheme', 'bcrypt$x'],
    ['bad cost', 'scrypt$0$8$1$AAAA$AAAA'],
    ['huge cost', `scrypt$${2 ** 30}$8$1$AAAA$AAAA`],
    ['short key', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['non power of two', `scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`],
  ])('refuses a malformed hash (%s)', async (_name, hash) => {
    expect(await verifyPassword('pw', hash)).toBe(false);
  });

  it('generates 24-character URL-safe passwords', () => {
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(generatePassword());
  });
});
