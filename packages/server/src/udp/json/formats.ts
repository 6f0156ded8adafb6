/** Field formats of GWMP JSON shared with translate.ts: data rates, base64 sizes, times. */

const LORA_DATR_RE = /^SF(\d{1,2})BW(\d{3})$/;
const LR_FHSS_DATR_RE = /^M0CW(\d{1,4})$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses a LoRa data-rate id ("SF7BW125"); undefined unless SF 5-12 and BW 125/250/500 kHz. */
export function parseLoraDatr(
  datr: string,
): { readonly spreadingFactor: number; readonly bandwidthHz: number } | undefined {
  const m = LORA_DATR_RE.exec(datr);
  if (m === null) return undefined;
  const sf = Number(m[1]);
  const bwKhz = Number(m[2]);
  if (sf < 5 || sf > 12 || (bwKhz !== 125 && bwKhz !== 250 && bwKhz !== 500)) return undefined;
  return { spreadingFactor: sf, bandwidthHz: bwKhz * 1000 };
}

/** Parses an LR-FHSS data-rate id ("M0CW137") to its occupied channel width in Hz. */
export function parseLrFhssDatr(datr: string): number | undefined {
  const m = LR_FHSS_DATR_RE.exec(datr);
  if (m === null) return undefined;
  const khz = Number(m[1]);
  return khz > 0 ? khz * 1000 : undefined;
}

/**
 * Byte length of a strictly validated base64 string, or undefined for anything but the
 * standard alphabet with correct `=` padding; missing padding is accepted [GWMP §4].
 */
export function base64DecodedLength(s: string): number | undefined {
  if (!BASE64_RE.test(s)) return undefined;
  const len = s.length;
  // The regex allows '=' only as the last one or two characters.
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (pad > 0 && len % 4 !== 0) return undefined;
  const chars = len - pad;
  const rest = chars % 4;
  if (rest === 1) return undefined;
  return (chars - rest) * 0.75 + (rest === 0 ? 0 : rest - 1);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Value of the `len` decimal digits at `start`, or -1 if any is not a digit. */
function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Unix ms of "YYYY-MM-DD?HH:MM:SS" at the start of `s` (`sep` is 'T' or ' '), or undefined.
 * Hand-parsed: it runs for every uplink and a regex + Date costs several times more.
 */
function dateTimeMs(s: string, sep: number): number | undefined {
  if (
    s.length < 19 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== sep ||
    s.charCodeAt(13) !== 0x3a ||
    s.charCodeAt(16) !== 0x3a
  ) {
    return undefined;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined;
  // Second 60 is a leap second; Date.UTC rolls it into the next minute.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * Parses the rxpk "compact" ISO 8601 time (`2013-03-31T16:21:17.528002Z`) to Unix ms,
 * truncating below the millisecond. A missing zone is read as UTC; ±hh:mm offsets apply.
 */
export function parseCompactTimeMs(s: string): number | undefined {
  let ms = dateTimeMs(s, 0x54);
  if (ms === undefined) return undefined;
  let i = 19;
  const len = s.length;
  if (i < len && s.charCodeAt(i) === 0x2e) {
    const fracStart = ++i;
    let fracMs = 0;
    for (; i < len; i++) {
      const d = s.charCodeAt(i) - 0x30;
      if (!(d >= 0 && d <= 9)) break;
      if (i - fracStart < 3) fracMs = fracMs * 10 + d;
    }
    const fracLen = i - fracStart;
    if (fracLen < 1 || fracLen > 9) return undefined;
    for (let k = fracLen; k < 3; k++) fracMs *= 10;
    ms += fracMs;
  }
  if (i === len) return ms;
  const z = s.charCodeAt(i);
  if (z === 0x5a) return i + 1 === len ? ms : undefined;
  if ((z !== 0x2b && z !== 0x2d) || len !== i + 6 || s.charCodeAt(i + 3) !== 0x3a) {
    return undefined;
  }
  const hh = digits(s, i + 1, 2);
  const mm = digits(s, i + 4, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return undefined;
  const offsetMs = (hh * 60 + mm) * 60_000;
  return z === 0x2b ? ms - offsetMs : ms + offsetMs;
}

/** Parses a stat time: the "expanded" `2014-01-12 08:59:28 GMT` or the compact ISO form. */
export function parseStatTimeMs(s: string): number | undefined {
  if (s.length === 23 && (s.endsWith(' GMT') || s.endsWith(' UTC'))) {
    return dateTimeMs(s, 0x20);
  }
  return parseCompactTimeMs(s);
}
