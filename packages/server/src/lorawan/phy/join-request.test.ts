import { createRequire } from 'node:module';
import type * as LoraPacketModule from 'lora-packet';
import { describe, expect, it } from 'vitest';
import type { Eui64 } from '../../shared/ids.js';
import { AesCmac } from '../crypto/index.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import {
  buildJoinRequest,
  decodeJoinRequest,
  encodeJoinRequest,
  verifyJoinRequestMic,
} from './join-request.js';

// See phy-payload.test.ts: lora-packet's typed default import is wrong at run time.
const loraPacket = createRequire(import.meta.url)('lora-packet') as typeof LoraPacketModule.default;

const vectors = loadLorawanVectors().join_requests;

describe('join-request', () => {
  it.each(vectors)('$id ($source): field layout, MIC and re-encoding', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const frame = decodeJoinRequest(phy);
    expect(frame.mType).toBe('JoinRequest');
    expect(frame.joinEui).toBe(v.app_eui);
    expect(frame.devEui).toBe(v.dev_eui);
    expect(frame.devNonce).toBe(Number.parseInt(v.dev_nonce as string, 16));
    if (typeof v.dev_nonce_decimal === 'number') expect(frame.devNonce).toBe(v.dev_nonce_decimal);
    expect(frame.mic.toString('hex')).toBe(v.expected_mic);
    expect(frame.micInput).toEqual(phy.subarray(0, 19));
    const appKey = hexField(v, 'app_key');
    expect(verifyJoinRequestMic(frame, appKey)).toBe(true);
    expect(verifyJoinRequestMic(frame, Buffer.alloc(16, 0xee))).toBe(false);
    expect(encodeJoinRequest(frame)).toEqual(phy);
    expect(buildJoinRequest(frame, new AesCmac(appKey))).toEqual(phy);
  });

  it.each(vectors)('$id ($source): agrees with lora-packet', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const theirs = loraPacket.fromWire(phy);
    const ours = decodeJoinRequest(phy);
    expect(theirs.AppEUI?.toString('hex')).toBe(ours.joinEui);
    expect(theirs.DevEUI?.toString('hex')).toBe(ours.devEui);
    expect(theirs.DevNonce?.readUInt16BE(0)).toBe(ours.devNonce);
    expect(loraPacket.verifyMIC(theirs, undefined, hexField(v, 'app_key'))).toBe(true);
  });

  it('throws LorawanDecodeError on wrong length or type', () => {
    const phy = hexField(vectors[0]!, 'phy_payload_hex');
    const codeOf = (bytes: Buffer): string | undefined => {
      try {
        decodeJoinRequest(bytes);
        return undefined;
      } catch (err) {
        expect(err).toBeInstanceOf(LorawanDecodeError);
        return (err as LorawanDecodeError).code;
      }
    };
    expect(codeOf(phy.subarray(0, 22))).toBe('LORAWAN_TOO_SHORT');
    expect(codeOf(Buffer.concat([phy, Buffer.alloc(1)]))).toBe('LORAWAN_TOO_LONG');
    expect(codeOf(Buffer.concat([Buffer.from([0x40]), phy.subarray(1)]))).toBe(
      'LORAWAN_INVALID_FIELD',
    );
  });

  it('throws LorawanEncodeError on bad fields', () => {
    const ok = {
      joinEui: '0101010101010101' as Eui64,
      devEui: '0202020202020202' as Eui64,
      devNonce: 1,
      mic: Buffer.alloc(4),
    };
    expect(() => encodeJoinRequest({ ...ok, devNonce: 0x10000 })).toThrow(LorawanEncodeError);
    expect(() => encodeJoinRequest({ ...ok, devEui: '01' as Eui64 })).toThrow(LorawanEncodeError);
    expect(() => encodeJoinRequest({ ...ok, mic: Buffer.alloc(2) })).toThrow(LorawanEncodeError);
  });
});
