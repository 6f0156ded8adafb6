/**
 * LoRaWAN 1.0.x session keys from the AppKey and the join exchange [L2 1.0.4 §6.2.6]:
 * NwkSKey = aes128_encrypt(AppKey, 0x01 | JoinNonce | NetID | DevNonce | pad16),
 * AppSKey = aes128_encrypt(AppKey, 0x02 | JoinNonce | NetID | DevNonce | pad16).
 */
import { LorawanEncodeError } from '../errors.js';
import { AES_BLOCK_BYTES, aesEcbEncrypt } from './aes-cmac.js';

/** The two 1.0.x session keys, 16 bytes each, in the byte order used as the AES key. */
export interface SessionKeys10 {
  readonly nwkSKey: Buffer;
  readonly appSKey: Buffer;
}

function checkUint(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new LorawanEncodeError(`${field} out of range`, { field, value, max });
  }
}

/** NetID as a number from its 6-digit big-endian hex form (as in LNS_NET_ID). */
export function netIdToUint24(netId: string): number {
  if (!/^[0-9a-fA-F]{6}$/.test(netId)) {
    throw new LorawanEncodeError('netId must be 6 hex digits', { netId });
  }
  return Number.parseInt(netId, 16);
}

/**
 * Derives NwkSKey and AppSKey [L2 1.0.4 §6.2.6]. `joinNonce` (AppNonce before 1.0.4) and
 * `devNonce` are the numeric values of their fields, `netId` is 6 hex digits, big-endian.
 */
export function deriveSessionKeys10(
  appKey: Uint8Array,
  joinNonce: number,
  netId: string,
  devNonce: number,
): SessionKeys10 {
  checkUint('joinNonce', joinNonce, 0xffffff);
  checkUint('devNonce', devNonce, 0xffff);
  const netIdValue = netIdToUint24(netId);
  const blocks = Buffer.alloc(2 * AES_BLOCK_BYTES);
  for (const [offset, keyType] of [
    [0, 0x01],
    [AES_BLOCK_BYTES, 0x02],
  ] as const) {
    blocks[offset] = keyType;
    blocks.writeUIntLE(joinNonce, offset + 1, 3);
    blocks.writeUIntLE(netIdValue, offset + 4, 3);
    blocks.writeUInt16LE(devNonce, offset + 7);
  }
  const keys = aesEcbEncrypt(appKey, blocks);
  return {
    nwkSKey: Buffer.from(keys.subarray(0, AES_BLOCK_BYTES)),
    appSKey: Buffer.from(keys.subarray(AES_BLOCK_BYTES, 2 * AES_BLOCK_BYTES)),
  };
}
