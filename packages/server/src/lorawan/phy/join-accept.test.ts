import { createRequire } from 'node:module';
import type * as LoraPacketModule from 'lora-packet';
import { describe, expect, it } from 'vitest';
import type { DevAddr } from '../../shared/ids.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { VectorEntry } from '../../testing/vectors.js';
import {
  buildJoinAccept,
  decodeJoinAccept,
  decodeJoinAcceptPlain,
  decryptJoinAccept,
  encodeJoinAccept,
  encodeJoinAcceptPlain,
  encryptJoinAccept,
  verifyJoinAcceptMic,
} from './join-accept.js';
import type { JoinAcceptFields } from './join-accept.js';

// See phy-payload.test.ts: lora-packet's typed default import is wrong at run time.
const loraPacket = createRequire(import.meta.url)('lora-packet') as typeof LoraPacketModule.default;

const vectors = loadLorawanVectors().join_accepts;

/** The vector's fields in this codec's vocabulary. */
function fieldsOf(v: VectorEntry): JoinAcceptFields {
  const dl = Number.parseInt(v.dl_settings as string, 16);
  const cfList = v.cflist_hex as string;
  return {
    joinNonce: Number.parseInt(v.app_nonce as string, 16),
    netId: v.net_id as string,
    devAddr: v.dev_addr as DevAddr,
    dlSettings: { rx1DrOffset: (dl >>> 4) & 0x07, rx2Dr: dl & 0x0f },
    rxDelay: v.rx_delay as number,
    cfList: cfList === '' ? undefined : Buffer.from(cfList, 'hex'),
  };
}

/** expected_* is source-asserted; computed_* is the fixture verifier's (see its titles). */
const encryptedOf = (v: VectorEntry): Buffer =>
  Buffer.from(
    (v.expected_encrypted_phy_payload_hex ?? v.computed_encrypted_phy_payload_hex) as string,
    'hex',
  );
const micOf = (v: VectorEntry): string => (v.expected_mic ?? v.computed_mic) as string;

describe('join-accept', () => {
  it.each(vectors)('$id ($source): decrypt, field parse and MIC', (v) => {
    const appKey = hexField(v, 'app_key');
    const encrypted = encryptedOf(v);
    expect(decodeJoinAccept(encrypted).encrypted).toEqual(encrypted.subarray(1));
    const plainBytes = decryptJoinAccept(encrypted, appKey);
    if (typeof v.plaintext_phy_payload_hex === 'string') {
      expect(plainBytes.toString('hex')).toBe(v.plaintext_phy_payload_hex);
    }
    const plain = decodeJoinAcceptPlain(plainBytes);
    expect(plain).toMatchObject({ ...fieldsOf(v), mType: 'JoinAccept' });
    expect(plain.cfList).toEqual(fieldsOf(v).cfList);
    if (typeof v.app_nonce_decimal === 'number') expect(plain.joinNonce).toBe(v.app_nonce_decimal);
    expect(plain.mic.toString('hex')).toBe(micOf(v));
    expect(verifyJoinAcceptMic(plain, appKey)).toBe(true);
    expect(verifyJoinAcceptMic(plain, Buffer.alloc(16, 0x55))).toBe(false);
  });

  it.each(vectors)('$id ($source): encode, sign and encrypt give the same bytes', (v) => {
    const appKey = hexField(v, 'app_key');
    const encrypted = encryptedOf(v);
    expect(buildJoinAccept(fieldsOf(v), appKey)).toEqual(encrypted);
    const plain = encodeJoinAcceptPlain({ ...fieldsOf(v), mic: Buffer.from(micOf(v), 'hex') });
    expect(plain[0]).toBe(Number.parseInt(v.mhdr as string, 16));
    expect(encryptJoinAccept(plain, appKey)).toEqual(encrypted);
    expect(encodeJoinAccept(decodeJoinAccept(encrypted))).toEqual(encrypted);
  });

  it.each(vectors)('$id ($source): lora-packet decrypts our encryption to the same MIC', (v) => {
    const appKey = hexField(v, 'app_key');
    const theirs = loraPacket.fromWire(buildJoinAccept(fieldsOf(v), appKey));
    const decrypted = loraPacket.fromWire(loraPacket.decryptJoinAccept(theirs, appKey));
    expect(decrypted.MIC?.toString('hex')).toBe(micOf(v));
    expect(decrypted.DevAddr?.toString('hex')).toBe(v.dev_addr);
    expect(decrypted.NetID?.toString('hex')).toBe(v.net_id);
  });

  it('carries a CFList through build, decrypt and decode', () => {
    const appKey = Buffer.alloc(16, 7);
    const fields: JoinAcceptFields = {
      joinNonce: 0xabcdef,
      netId: '000013',
      devAddr: '26011234' as DevAddr,
      dlSettings: { rx1DrOffset: 7, rx2Dr: 15 },
      rxDelay: 15,
      cfList: Buffer.from('184f84e85684b85e84886684586e8400', 'hex'),
    };
    const encrypted = buildJoinAccept(fields, appKey);
    expect(encrypted).toHaveLength(33);
    const plain = decodeJoinAcceptPlain(decryptJoinAccept(encrypted, appKey));
    expect(plain).toMatchObject(fields);
    expect(verifyJoinAcceptMic(plain, appKey)).toBe(true);
  });

  it('throws LorawanDecodeError on bad lengths and types', () => {
    const encrypted = encryptedOf(vectors[0]!);
    const codeOf = (bytes: Buffer): string | undefined => {
      try {
        decodeJoinAccept(bytes);
        return undefined;
      } catch (err) {
        expect(err).toBeInstanceOf(LorawanDecodeError);
        return (err as LorawanDecodeError).code;
      }
    };
    expect(codeOf(encrypted.subarray(0, 16))).toBe('LORAWAN_TOO_SHORT');
    expect(codeOf(Buffer.concat([encrypted, Buffer.alloc(1)]))).toBe('LORAWAN_INVALID_FIELD');
    expect(codeOf(Buffer.concat([encrypted, Buffer.alloc(17)]))).toBe('LORAWAN_TOO_LONG');
    expect(codeOf(Buffer.concat([Buffer.from([0x00]), encrypted.subarray(1)]))).toBe(
      'LORAWAN_INVALID_FIELD',
    );
    expect(() => decodeJoinAcceptPlain(encrypted.subarray(0, 10))).toThrow(LorawanDecodeError);
  });

  it('throws LorawanEncodeError on out-of-range fields', () => {
    const ok = { ...fieldsOf(vectors[0]!), mic: Buffer.alloc(4) };
    const bad: Partial<typeof ok>[] = [
      { joinNonce: 0x1000000 },
      { netId: '12345' },
      { devAddr: 'zz' as DevAddr },
      { dlSettings: { rx1DrOffset: 8, rx2Dr: 0 } },
      { dlSettings: { rx1DrOffset: 0, rx2Dr: 16 } },
      { rxDelay: 16 },
      { cfList: Buffer.alloc(15) },
      { mic: Buffer.alloc(5) },
    ];
    for (const patch of bad) {
      expect(() => encodeJoinAcceptPlain({ ...ok, ...patch })).toThrow(LorawanEncodeError);
    }
    expect(() => encodeJoinAccept({ encrypted: Buffer.alloc(20) })).toThrow(LorawanEncodeError);
  });
});
