import { describe, expect, it } from 'vitest';
import type { DevAddr } from '../../shared/ids.js';
import { LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import { AesCmac } from './aes-cmac.js';
import {
  computeDataMic,
  computeJoinAcceptMic,
  computeJoinRequestMic,
  micMatches,
  verifyDataMic,
} from './mic.js';

const vectors = loadLorawanVectors();
const dataMicPrimitives = vectors.crypto_primitives.filter((v) => v.kind === 'data_mic');

describe('computeDataMic', () => {
  it.each(dataMicPrimitives)('$id ($source)', (v) => {
    const mic = computeDataMic(
      hexField(v, 'key'),
      v.dir === 0 ? 'up' : 'down',
      v.dev_addr as DevAddr,
      v.fcnt_full as number,
      hexField(v, 'msg_hex'),
    );
    expect(mic.toString('hex')).toBe(v.mic_hex);
  });

  it.each(vectors.data_frames)('$id ($source): MIC of the frame with fcnt_full', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const msg = phy.subarray(0, phy.length - 4);
    const key = hexField(v, 'nwk_s_key');
    const dir = v.direction === 'uplink' ? 'up' : 'down';
    const devAddr = v.dev_addr as DevAddr;
    const fCnt32 = v.fcnt_full as number;
    expect(computeDataMic(key, dir, devAddr, fCnt32, msg).toString('hex')).toBe(v.expected_mic);
    const mic = hexField(v, 'expected_mic');
    expect(verifyDataMic(new AesCmac(key), dir, devAddr, fCnt32, msg, mic)).toBe(true);
    // the other direction or counter must not verify
    expect(verifyDataMic(key, dir === 'up' ? 'down' : 'up', devAddr, fCnt32, msg, mic)).toBe(false);
    expect(verifyDataMic(key, dir, devAddr, (fCnt32 + 0x10000) % 2 ** 32, msg, mic)).toBe(false);
  });

  it('rejects a message longer than the B0 length octet allows', () => {
    expect(() =>
      computeDataMic(Buffer.alloc(16), 'up', '01020304' as DevAddr, 0, Buffer.alloc(256)),
    ).toThrow(LorawanEncodeError);
  });
});

describe('computeJoinRequestMic', () => {
  it.each(vectors.join_requests)('$id ($source)', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const mic = computeJoinRequestMic(hexField(v, 'app_key'), phy.subarray(0, 19));
    expect(mic.toString('hex')).toBe(v.expected_mic);
    expect(phy.subarray(19).toString('hex')).toBe(v.expected_mic);
  });
});

describe('computeJoinAcceptMic', () => {
  it.each(vectors.join_accepts)('$id ($source): MIC over the plaintext fields', (v) => {
    const cfList = typeof v.cflist_hex === 'string' ? v.cflist_hex : '';
    const plain = Buffer.from(
      `${v.mhdr as string}${reverseHex(v.app_nonce as string)}${reverseHex(v.net_id as string)}` +
        `${reverseHex(v.dev_addr as string)}${v.dl_settings as string}` +
        `${(v.rx_delay as number).toString(16).padStart(2, '0')}${cfList}`,
      'hex',
    );
    const expected = (v.expected_mic ?? v.computed_mic) as string;
    expect(computeJoinAcceptMic(hexField(v, 'app_key'), plain).toString('hex')).toBe(expected);
  });
});

describe('micMatches', () => {
  it('compares the first 4 bytes and refuses a MIC of another length', () => {
    const tag = Buffer.from('0102030405', 'hex');
    expect(micMatches(tag, Buffer.from('01020304', 'hex'))).toBe(true);
    expect(micMatches(tag, Buffer.from('01020305', 'hex'))).toBe(false);
    expect(micMatches(tag, Buffer.from('010203', 'hex'))).toBe(false);
  });
});

function reverseHex(hex: string): string {
  return Buffer.from(hex, 'hex').reverse().toString('hex');
}
