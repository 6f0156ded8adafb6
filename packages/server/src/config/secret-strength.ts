/**
 * How strong a cluster secret is, as an entropy-equivalent length: the bits a secret of its
 * length would have if every character were drawn at random from the character classes it
 * uses. A peer that gets a proof made with the secret can test guesses against it offline,
 * so a human-chosen secret must not be accepted; 128 bits is out of reach of any such search.
 *
 * bits = length × log2(alphabet), where length counts Unicode code points and alphabet is
 * the sum of the sizes of the classes that occur in the secret: lower-case a-z 26,
 * upper-case A-Z 26, digits 10, other printable ASCII (space and the 32 symbols) 33, and any
 * other character (control or non-ASCII) 128. This is an upper bound on the real entropy
 * (a word or a repeated pattern counts like random characters), so it stops short and
 * simple secrets, not every weak one; a generated secret (64 hex digits: 64 × log2(36), about
 * 330 bits) passes by far.
 */
export const MIN_SECRET_BITS = 128;

const lower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const upper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const digit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const printable = (c: number): boolean => c >= 0x20 && c <= 0x7e;

const CLASSES: readonly { readonly test: (c: number) => boolean; readonly size: number }[] = [
  { test: lower, size: 26 },
  { test: upper, size: 26 },
  { test: digit, size: 10 },
  { test: (c) => printable(c) && !lower(c) && !upper(c) && !digit(c), size: 33 },
  { test: (c) => !printable(c), size: 128 },
];

/** The strength of `secret`: its length, alphabet and entropy-equivalent bits (see above). */
export function secretStrength(secret: string): {
  readonly length: number;
  readonly alphabet: number;
  readonly bits: number;
} {
  const codePoints = [...secret].map((ch) => ch.codePointAt(0) ?? 0);
  const alphabet = CLASSES.filter((cls) => codePoints.some(cls.test)).reduce(
    (sum, cls) => sum + cls.size,
    0,
  );
  const bits = alphabet > 1 ? codePoints.length * Math.log2(alphabet) : 0;
  return { length: codePoints.length, alphabet, bits };
}

/**
 * Why `secret` is too weak for a cluster (one line for the start error), or undefined when it
 * has at least {@link MIN_SECRET_BITS}.
 */
export function weakSecretReason(secret: string): string | undefined {
  const { length, alphabet, bits } = secretStrength(secret);
  if (bits >= MIN_SECRET_BITS) return undefined;
  return (
    `has about ${Math.floor(bits)} bits of entropy-equivalent length (${length} characters ` +
    `from an alphabet of ${alphabet}), at least ${MIN_SECRET_BITS} are needed: use a random ` +
    'secret (e.g. `openssl rand -hex 32`) or leave it unset to have one generated'
  );
}
