/**
 * DevAddr allocation from the NetID [L2 1.0.4 §6.1.1; LoRaWAN Backend Interfaces TS002-1.1.0
 * §13]: DevAddr = AddrPrefix | NwkID | NwkAddr, where the NetID type sets the prefix (type N =
 * N ones then a zero) and how many NetID LSBs form the NwkID; NwkAddr is drawn at random.
 */
import type { DevAddr } from '../../shared/index.js';
import { NsConfigError, NsDevAddrExhaustedError } from '../errors.js';

/** NwkID length in bits per NetID type 0..7 [TS002-1.1.0 §13 Table 3]. */
const NWK_ID_BITS: readonly number[] = [6, 6, 9, 11, 12, 13, 15, 17];

/** The fixed high bits of every DevAddr of a NetID. */
export interface DevAddrSpace {
  /** AddrPrefix | NwkID, aligned to the top of the 32-bit DevAddr. */
  readonly prefix: number;
  /** Width of the random NwkAddr part. */
  readonly nwkAddrBits: number;
}

/** The DevAddr space of a NetID (6 hex digits); throws NsConfigError for anything else. */
export function devAddrSpace(netId: string): DevAddrSpace {
  if (!/^[0-9a-fA-F]{6}$/.test(netId)) {
    throw new NsConfigError('netId', 'netId must be 6 hex digits', { netId });
  }
  const value = Number.parseInt(netId, 16);
  const type = value >>> 21;
  const nwkIdBits = NWK_ID_BITS[type]!;
  const prefixBits = type + 1;
  const nwkAddrBits = 32 - prefixBits - nwkIdBits;
  const addrPrefix = (2 ** type - 1) * 2; // type ones, then a zero
  const nwkId = value % 2 ** nwkIdBits;
  return { prefix: (addrPrefix * 2 ** nwkIdBits + nwkId) * 2 ** nwkAddrBits, nwkAddrBits };
}

/** The DevAddr of `space` with NwkAddr taken from the low bits of `random` (uint32). */
export function devAddrIn(space: DevAddrSpace, random: number): DevAddr {
  const nwkAddr = random % 2 ** space.nwkAddrBits;
  return (space.prefix + nwkAddr).toString(16).padStart(8, '0') as DevAddr;
}

/** True when `devAddr` lies in the DevAddr space of `space`. */
export function isDevAddrIn(space: DevAddrSpace, devAddr: DevAddr): boolean {
  const value = Number.parseInt(devAddr, 16);
  return value - (value % 2 ** space.nwkAddrBits) === space.prefix;
}

/**
 * Draws random DevAddrs until one is free. Random rather than sequential so nodes of a
 * cluster allocating at once rarely collide; `isInUse` catches the rest.
 */
export async function allocateDevAddr(
  space: DevAddrSpace,
  isInUse: (devAddr: DevAddr) => Promise<boolean>,
  randomBytes: (size: number) => Buffer,
  attempts = 16,
): Promise<DevAddr> {
  for (let i = 0; i < attempts; i++) {
    const devAddr = devAddrIn(space, randomBytes(4).readUInt32BE(0));
    if (!(await isInUse(devAddr))) return devAddr;
  }
  throw new NsDevAddrExhaustedError('no free devAddr found', {
    attempts,
    nwkAddrBits: space.nwkAddrBits,
  });
}
