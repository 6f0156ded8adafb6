/**
 * Password hashes: scrypt from node:crypto with a random salt, its cost parameters kept in the
 * hash string (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised later without
 * breaking stored users. Comparison is constant-time.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/** scrypt cost: N (CPU/memory, a power of two), r (block size), p (parallelism). */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N = 2^14, r = 8, p = 1: the interactive-login parameters of the scrypt paper and OWASP's
 * minimum; about 50 ms and 16 MiB per hash, which bounds brute force without stalling logins.
 */
export const defaultScryptParams: ScryptParams = { N: 16384, r: 8, p: 1 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  const N = params.N ?? defaultScryptParams.N;
  const r = params.r ?? defaultScryptParams.r;
  const p = params.p ?? defaultScryptParams.p;
  return new Promise((resolve, reject) => {
    // Node refuses scrypt above maxmem (32 MiB by default); give it what these params need.
    scrypt(password, salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r * p }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** Hashes `password` with a fresh salt. */
export async function hashPassword(
  password: string,
  params: ScryptParams = defaultScryptParams,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return [
    PREFIX,
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** True when `password` matches `hash`; false for a malformed hash too. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!isCost(N, 1 << 20) || !isCost(r, 16) || !isCost(p, 4)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== KEY_BYTES || salt.length === 0) return false;
  let key: Buffer;
  try {
    key = await derive(password, salt, { N, r, p });
  } catch {
    return false;
  }
  return timingSafeEqual(key, expected);
}

// Bounds keep a corrupt or hostile hash string from asking scrypt for gigabytes.
function isCost(value: number | undefined, max: number): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 && value <= max;
}

/** A random password for the first `admin` user: 18 bytes, 24 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
