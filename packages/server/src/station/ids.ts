/**
 * Gateway identities as LoRa Basics Station writes them ["The LNS Protocol", "ID6"]: the
 * 64-bit EUI as an ID6 string (four 16-bit hex groups, `::` standing for zero groups, e.g.
 * `b827:ebff:fe61:51ad`, `::1`), as an EUI string (`B8-27-EB-FF-FE-61-51-AD`, dashes or
 * colons), as 16 plain hex digits, or as a JSON integer. Pure.
 */
import type { Eui64 } from '../shared/ids.js';

const GROUP_RE = /^[0-9a-fA-F]{1,4}$/;
const EUI_BYTES_RE = /^[0-9a-fA-F]{2}([-:][0-9a-fA-F]{2}){7}$/;
const HEX16_RE = /^[0-9a-fA-F]{16}$/;

function hexOf(value: bigint): Eui64 {
  return BigInt.asUintN(64, value).toString(16).padStart(16, '0') as Eui64;
}

/** An ID6 string as 64 bits, or undefined when it is not one. */
function parseId6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string | undefined): string[] | undefined => {
    if (part === undefined || part === '') return [];
    const groups = part.split(':');
    return groups.every((g) => GROUP_RE.test(g)) ? groups : undefined;
  };
  const left = groupsOf(halves[0]);
  const right = groupsOf(halves[1]);
  if (left === undefined || right === undefined) return undefined;
  let groups: string[];
  if (halves.length === 1) {
    if (left.length !== 4) return undefined;
    groups = left;
  } else {
    const zeros = 4 - left.length - right.length;
    if (zeros < 1) return undefined;
    groups = [...left, ...Array<string>(zeros).fill('0'), ...right];
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

/**
 * A router identity in any form the protocol allows, as an Eui64; undefined when it is none.
 * Integers may be negative (the 64 bits read as a signed number) and arrive as bigint when
 * they do not fit a double exactly.
 */
export function parseRouterId(value: unknown): Eui64 | undefined {
  if (typeof value === 'bigint') return hexOf(value);
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? hexOf(BigInt(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (HEX16_RE.test(text)) return text.toLowerCase() as Eui64;
  if (EUI_BYTES_RE.test(text)) return text.replace(/[-:]/g, '').toLowerCase() as Eui64;
  const id6 = parseId6(text);
  return id6 === undefined ? undefined : hexOf(id6);
}

/** The ID6 text of an EUI, with `::` where the protocol's own encoder puts it. */
export function id6Of(eui: Eui64): string {
  const g = [0, 4, 8, 12].map((i) => parseInt(eui.slice(i, i + 4), 16));
  const [g0, g1, g2, g3] = g as [number, number, number, number];
  const x = (n: number): string => n.toString(16);
  if (g0 === 0 && g1 === 0) return g2 === 0 ? `::${x(g3)}` : `::${x(g2)}:${x(g3)}`;
  if (g2 === 0 && g3 === 0) return g1 === 0 ? `${x(g0)}::` : `${x(g0)}:${x(g1)}::`;
  if (g1 === 0 && g2 === 0) return `${x(g0)}::${x(g3)}`;
  return g.map(x).join(':');
}

/** An EUI as the protocol's JSON writes it: `B8-27-EB-FF-FE-61-51-AD`. */
export function dashedEui(eui: Eui64): string {
  return (eui.toUpperCase().match(/../g) ?? []).join('-');
}
