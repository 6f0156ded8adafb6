/**
 * JSON text of the LNS protocol with 64-bit integers kept exact. `xtime` (a 64-bit radio
 * time whose top bits name the radio session) and integer EUIs exceed a double's 53 bits;
 * JSON.parse would round them and a downlink would be sent at the wrong time. Pure.
 */

/** Fields whose integer values are read as bigint. */
const EXACT_FIELDS = ['xtime', 'rctx', 'router', 'DevEui', 'DevEUI', 'JoinEui', 'JoinEUI'];
const EXACT_RE = new RegExp(
  `"(${EXACT_FIELDS.join('|')})"(\\s*):(\\s*)(-?\\d+)(?=\\s*[,}\\]])`,
  'g',
);
/** Marks a bigint inside a JSON string; a NUL never appears in the protocol's strings. */
const BIGINT_TAG = '\u0000bigint:';
/** The tag as JSON text writes it (the NUL escaped). */
const BIGINT_TAG_TEXT = '\\u0000bigint:';
const TAGGED_RE = /"\\u0000bigint:(-?\d+)"/g;

/**
 * Parses one text message. Integers of the exact fields become bigint; everything else is
 * JSON.parse's. Throws SyntaxError as JSON.parse does.
 */
export function parseStationJson(text: string): unknown {
  // A field name inside a JSON string has its quotes escaped (\"xtime\"), so only real keys
  // match; their digits are quoted and tagged, then turned back into bigint below.
  const tagged = text.replace(
    EXACT_RE,
    (_m, key: string, s1: string, s2: string, digits: string) =>
      `"${key}"${s1}:${s2}"${BIGINT_TAG_TEXT}${digits}"`,
  );
  return JSON.parse(tagged, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BIGINT_TAG)
      ? BigInt(value.slice(BIGINT_TAG.length))
      : value,
  );
}

/** Serialises one message; bigint values are written as JSON integers, digit for digit. */
export function stationJson(message: object): string {
  const text = JSON.stringify(message, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${BIGINT_TAG}${value.toString()}` : value,
  );
  return text.replace(TAGGED_RE, '$1');
}
