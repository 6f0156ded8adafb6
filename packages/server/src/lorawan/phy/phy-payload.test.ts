// Long on purpose: vectors, round trips and the lora-packet cross-check of one codec.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type * as LoraPacketModule from 'lora-packet';
import { describe, expect, it } from 'vitest';
import type { DevAddr, Eui64 } from '../../shared/ids.js';
import { SessionCrypto } from '../crypto/index.js';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import type { LorawanDecodeErrorCode } from '../errors.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { VectorEntry } from '../../testing/vectors.js';
import type { DataMType } from './mhdr.js';
import {
  buildDataFrame,
  decodeDataFrame,
  decodePhyPayload,
  encodeDataFrame,
  encodePhyPayload,
  isDataFrame,
} from './phy-payload.js';
import type { BuildDataFrameInput, DataFrame, DataFrameInput } from './phy-payload.js';

// lora-packet's CJS entry sets module.exports to its API while its .d.ts declares a default
// export, so the typed default import would be wrong at run time; require() is unambiguous.
const loraPacket = createRequire(import.meta.url)('lora-packet') as typeof LoraPacketModule.default;

const frames = loadLorawanVectors().data_frames;

function decodeErrorCode(fn: () => unknown): LorawanDecodeErrorCode | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(LorawanDecodeError);
    return (err as LorawanDecodeError).code;
  }
}

function decodeVector(v: VectorEntry): DataFrame {
  const frame = decodePhyPayload(hexField(v, 'phy_payload_hex'));
  if (!isDataFrame(frame)) throw new Error(`${v.id as string} is not a data frame`);
  return frame;
}

const plaintextOf = (v: VectorEntry): unknown =>
  v.expected_frm_payload_plaintext_hex ?? v.computed_frm_payload_plaintext_hex;

describe('decodePhyPayload: data frames', () => {
  it.each(frames)('$id ($source): frame structure', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const frame = decodeVector(v);
    const fCtrlByte = Number.parseInt(v.fctrl_hex as string, 16);
    expect(frame.mType).toBe(v.mtype);
    expect(frame.mhdr).toEqual({ mType: v.mtype, major: 0 });
    expect(frame.devAddr).toBe(v.dev_addr);
    expect(frame.fCnt).toBe(v.fcnt);
    expect(frame.fCtrl.adr).toBe((fCtrlByte & 0x80) !== 0);
    expect(frame.fCtrl.ack).toBe((fCtrlByte & 0x20) !== 0);
    expect(frame.fCtrl.fOptsLen).toBe(fCtrlByte & 0x0f);
    if (v.direction === 'uplink') {
      expect(frame.fCtrl).toEqual({
        adr: (fCtrlByte & 0x80) !== 0,
        adrAckReq: (fCtrlByte & 0x40) !== 0,
        ack: (fCtrlByte & 0x20) !== 0,
        classB: (fCtrlByte & 0x10) !== 0,
        fOptsLen: fCtrlByte & 0x0f,
      });
    } else {
      expect(frame.fCtrl).toEqual({
        adr: (fCtrlByte & 0x80) !== 0,
        ack: (fCtrlByte & 0x20) !== 0,
        fPending: (fCtrlByte & 0x10) !== 0,
        fOptsLen: fCtrlByte & 0x0f,
      });
    }
    expect(frame.fOpts.toString('hex')).toBe(v.fopts_hex);
    expect(frame.fPort).toBe(v.fport ?? undefined);
    expect(frame.frmPayload.toString('hex')).toBe(v.frm_payload_encrypted_hex);
    expect(frame.mic.toString('hex')).toBe(v.expected_mic);
    expect(frame.micInput).toEqual(phy.subarray(0, phy.length - 4));
    // views, not copies
    expect(frame.micInput.buffer).toBe(phy.buffer);
    expect(frame.frmPayload.buffer).toBe(phy.buffer);
  });

  it.each(frames)('$id ($source): MIC verifies from micInput with fcnt_full', (v) => {
    const session = new SessionCrypto({ nwkSKey: hexField(v, 'nwk_s_key') });
    expect(session.verifyFrameMic(decodeVector(v), v.fcnt_full as number)).toBe(true);
  });

  it.each(frames)('$id ($source): encodePhyPayload(decoded) gives the same bytes', (v) => {
    expect(encodePhyPayload(decodeVector(v)).toString('hex')).toBe(v.phy_payload_hex);
  });

  const buildable = frames.filter((v) => {
    const plain = plaintextOf(v);
    if (typeof plain !== 'string') return false;
    return plain === '' || v.fport === 0 || typeof v.app_s_key === 'string';
  });
  it.each(buildable)('$id ($source): buildDataFrame from plaintext gives the same bytes', (v) => {
    const frame = decodeVector(v);
    const session = new SessionCrypto({
      nwkSKey: hexField(v, 'nwk_s_key'),
      appSKey: typeof v.app_s_key === 'string' ? hexField(v, 'app_s_key') : undefined,
    });
    const input = {
      ...frame,
      fCnt32: v.fcnt_full as number,
      payload: Buffer.from(plaintextOf(v) as string, 'hex'),
    } as BuildDataFrameInput;
    expect(buildDataFrame(input, session).toString('hex')).toBe(v.phy_payload_hex);
  });
});

describe('cross-check with lora-packet', () => {
  it.each(frames)('$id ($source): same fields, MIC verdict and plaintext', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const ours = decodeVector(v);
    const theirs = loraPacket.fromWire(phy);
    // lora-packet spells MTypes with spaces: 'Unconfirmed Data Up'
    expect(theirs.getMType()).toBe(ours.mType.replace(/([a-z])([A-Z])/g, '$1 $2'));
    expect(theirs.DevAddr?.toString('hex')).toBe(ours.devAddr);
    expect(theirs.getFCnt()).toBe(ours.fCnt);
    expect(theirs.getFPort() ?? undefined).toBe(ours.fPort);
    expect(theirs.FOpts).toEqual(ours.fOpts);
    expect(theirs.FRMPayload).toEqual(ours.frmPayload);
    expect(theirs.MIC).toEqual(ours.mic);
    const fCnt32 = v.fcnt_full as number;
    const msb = Buffer.alloc(2);
    msb.writeUInt16LE(fCnt32 >>> 16);
    const nwkSKey = hexField(v, 'nwk_s_key');
    expect(loraPacket.verifyMIC(theirs, nwkSKey, undefined, msb)).toBe(true);
    const appSKey = typeof v.app_s_key === 'string' ? hexField(v, 'app_s_key') : undefined;
    if (ours.fPort !== undefined && (ours.fPort === 0 || appSKey !== undefined)) {
      const session = new SessionCrypto({ nwkSKey, appSKey });
      expect(session.decryptFrmPayload(ours, fCnt32)).toEqual(
        loraPacket.decrypt(theirs, appSKey, nwkSKey, msb),
      );
    }
  });

  it('frames built here verify and decrypt with lora-packet', () => {
    fc.assert(
      fc.property(buildArb(), fc.uint8Array({ minLength: 16, maxLength: 16 }), (input, key) => {
        const nwkSKey = Buffer.from(key);
        const appSKey = Buffer.from(key).reverse();
        const bytes = buildDataFrame(input, new SessionCrypto({ nwkSKey, appSKey }));
        const theirs = loraPacket.fromWire(bytes);
        const msb = Buffer.alloc(2);
        msb.writeUInt16LE(input.fCnt32 >>> 16);
        expect(loraPacket.verifyMIC(theirs, nwkSKey, undefined, msb)).toBe(true);
        if (input.fPort !== undefined && (input.payload?.length ?? 0) > 0) {
          expect(loraPacket.decrypt(theirs, appSKey, nwkSKey, msb)).toEqual(
            Buffer.from(input.payload!),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});

const devAddrArb = fc
  .uint8Array({ minLength: 4, maxLength: 4 })
  .map((b) => Buffer.from(b).toString('hex') as DevAddr);
const dataMTypeArb = fc.constantFrom<DataMType>(
  'UnconfirmedDataUp',
  'ConfirmedDataUp',
  'UnconfirmedDataDown',
  'ConfirmedDataDown',
);
const flagsArb = fc.record({
  adr: fc.boolean(),
  adrAckReq: fc.boolean(),
  ack: fc.boolean(),
  classB: fc.boolean(),
  fPending: fc.boolean(),
});
/** fPort and payload combinations the codec accepts: no FOpts with FPort 0. */
const portPayloadArb = fc.oneof(
  fc.record({ fPort: fc.constant(undefined), body: fc.constant(new Uint8Array(0)) }),
  fc.record({ fPort: fc.integer({ min: 0, max: 255 }), body: fc.uint8Array({ maxLength: 200 }) }),
);

function withFCtrl<T extends object>(
  mType: DataMType,
  flags: { adr: boolean; adrAckReq: boolean; ack: boolean; classB: boolean; fPending: boolean },
  rest: T,
) {
  return mType === 'UnconfirmedDataUp' || mType === 'ConfirmedDataUp'
    ? {
        mType,
        fCtrl: { adr: flags.adr, adrAckReq: flags.adrAckReq, ack: flags.ack, classB: flags.classB },
        ...rest,
      }
    : { mType, fCtrl: { adr: flags.adr, ack: flags.ack, fPending: flags.fPending }, ...rest };
}

function inputArb(): fc.Arbitrary<DataFrameInput> {
  return fc
    .record({
      mType: dataMTypeArb,
      flags: flagsArb,
      devAddr: devAddrArb,
      fCnt: fc.integer({ min: 0, max: 0xffff }),
      fOpts: fc.uint8Array({ maxLength: 15 }),
      portPayload: portPayloadArb,
      mic: fc.uint8Array({ minLength: 4, maxLength: 4 }),
    })
    .map(
      ({ mType, flags, devAddr, fCnt, fOpts, portPayload, mic }) =>
        withFCtrl(mType, flags, {
          devAddr,
          fCnt,
          fOpts: portPayload.fPort === 0 ? new Uint8Array(0) : fOpts,
          fPort: portPayload.fPort,
          frmPayload: portPayload.body,
          mic,
        }) as DataFrameInput,
    );
}

function buildArb(): fc.Arbitrary<BuildDataFrameInput> {
  return fc
    .record({
      mType: dataMTypeArb,
      flags: flagsArb,
      devAddr: devAddrArb,
      fCnt32: fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.nat({ max: 0xffffffff })),
      fOpts: fc.uint8Array({ maxLength: 15 }),
      portPayload: portPayloadArb,
    })
    .map(
      ({ mType, flags, devAddr, fCnt32, fOpts, portPayload }) =>
        withFCtrl(mType, flags, {
          devAddr,
          fCnt32,
          fOpts: portPayload.fPort === 0 ? new Uint8Array(0) : fOpts,
          fPort: portPayload.fPort,
          payload: portPayload.body,
        }) as BuildDataFrameInput,
    );
}

describe('round trips', () => {
  it('decode(encode(x)) keeps every field of a data frame', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        const bytes = encodeDataFrame(input);
        const frame = decodeDataFrame(bytes);
        expect(frame.mType).toBe(input.mType);
        expect(frame.devAddr).toBe(input.devAddr);
        expect(frame.fCtrl).toMatchObject(input.fCtrl);
        expect(frame.fCtrl.fOptsLen).toBe(input.fOpts?.length);
        expect(frame.fCnt).toBe(input.fCnt);
        expect(frame.fOpts).toEqual(Buffer.from(input.fOpts ?? []));
        expect(frame.fPort).toBe(input.fPort);
        expect(frame.frmPayload).toEqual(Buffer.from(input.frmPayload ?? []));
        expect(frame.mic).toEqual(Buffer.from(input.mic));
        expect(frame.micInput).toEqual(bytes.subarray(0, bytes.length - 4));
        // and the decoded frame is itself an encoder input that reproduces the bytes
        expect(decodePhyPayload(encodePhyPayload(frame))).toEqual(frame);
      }),
    );
  });

  it('buildDataFrame output decodes, verifies and decrypts back to the plaintext', () => {
    fc.assert(
      fc.property(buildArb(), (input) => {
        const session = new SessionCrypto({
          nwkSKey: Buffer.alloc(16, 1),
          appSKey: Buffer.alloc(16, 2),
        });
        const frame = decodeDataFrame(buildDataFrame(input, session));
        expect(frame.fCnt).toBe(input.fCnt32 & 0xffff);
        expect(session.verifyFrameMic(frame, input.fCnt32)).toBe(true);
        expect(session.decryptFrmPayload(frame, input.fCnt32)).toEqual(
          Buffer.from(input.fPort === undefined ? [] : (input.payload ?? [])),
        );
      }),
    );
  });

  it('proprietary frames round-trip their payload', () => {
    const bytes = Buffer.from('e0deadbeef', 'hex');
    const frame = decodePhyPayload(bytes);
    expect(frame).toEqual({
      mType: 'Proprietary',
      mhdr: { mType: 'Proprietary', major: 0 },
      payload: Buffer.from('deadbeef', 'hex'),
    });
    expect(encodePhyPayload(frame)).toEqual(bytes);
  });

  it('join frames go through encodePhyPayload too', () => {
    const req = Buffer.from('0001010101010101010202020202020202030309b97b32', 'hex');
    const acc = Buffer.from('2023cf335489aae3183c0be0baa8dee5f3', 'hex');
    expect(encodePhyPayload(decodePhyPayload(req))).toEqual(req);
    expect(encodePhyPayload(decodePhyPayload(acc))).toEqual(acc);
    expect(decodePhyPayload(req)).toMatchObject({
      mType: 'JoinRequest',
      joinEui: '0101010101010101' as Eui64,
    });
  });

  it('accepts a plain Uint8Array and still returns views', () => {
    const bytes = new Uint8Array(hexField(frames[0]!, 'phy_payload_hex'));
    const frame = decodeDataFrame(bytes);
    expect(frame.devAddr).toBe(frames[0]!.dev_addr);
    expect(frame.micInput.buffer).toBe(bytes.buffer);
  });
});

describe('decode errors', () => {
  const df01 = hexField(
    frames.find((v) => v.id === 'DF01')!,
    'phy_payload_hex',
  );

  it('empty, short and over-long input', () => {
    expect(decodeErrorCode(() => decodePhyPayload(Buffer.alloc(0)))).toBe('LORAWAN_TOO_SHORT');
    expect(decodeErrorCode(() => decodePhyPayload(df01.subarray(0, 11)))).toBe('LORAWAN_TOO_SHORT');
    const long = Buffer.concat([df01, Buffer.alloc(256 - df01.length)]);
    expect(decodeErrorCode(() => decodePhyPayload(long))).toBe('LORAWAN_TOO_LONG');
    expect(
      decodeErrorCode(() => decodePhyPayload(Buffer.from('e0' + '00'.repeat(255), 'hex'))),
    ).toBe('LORAWAN_TOO_LONG');
  });

  it('FOptsLen past the MIC and FOpts together with FPort 0', () => {
    // FCtrl 0x05 but only 4 bytes before the MIC
    const overflow = Buffer.from('40f17dbe49050200010203042b11ff0d', 'hex');
    expect(decodeErrorCode(() => decodePhyPayload(overflow))).toBe('LORAWAN_INVALID_FOPTS');
    // FOptsLen 1 (0x02) then FPort 0 [L2 1.0.4 §4.3.1.6]
    const both = Buffer.from('40f17dbe4901020002009543787600000000', 'hex');
    expect(decodeErrorCode(() => decodePhyPayload(both))).toBe('LORAWAN_INVALID_FOPTS');
  });

  it('unknown MType and Major', () => {
    expect(
      decodeErrorCode(() => decodePhyPayload(Buffer.from('c0' + '00'.repeat(20), 'hex'))),
    ).toBe('LORAWAN_UNKNOWN_MTYPE');
    expect(
      decodeErrorCode(() => decodePhyPayload(Buffer.from('41' + '00'.repeat(20), 'hex'))),
    ).toBe('LORAWAN_UNSUPPORTED_MAJOR');
  });

  it('decodeDataFrame refuses join and proprietary frames', () => {
    const join = Buffer.from('0001010101010101010202020202020202030309b97b32', 'hex');
    expect(decodeErrorCode(() => decodeDataFrame(join))).toBe('LORAWAN_INVALID_FIELD');
    expect(decodeErrorCode(() => decodeDataFrame(Buffer.from('e001', 'hex')))).toBe(
      'LORAWAN_INVALID_FIELD',
    );
  });

  it('random bytes either decode (and re-encode to themselves) or throw LorawanDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        let frame;
        try {
          frame = decodePhyPayload(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(LorawanDecodeError);
          return;
        }
        // RFU bits (MHDR 4..2, downlink FCtrl 6) are not kept, so they come back as zero
        const expected = Buffer.from(bytes);
        expected[0] = expected[0]! & ~0x1c;
        if (isDataFrame(frame) && frame.mType.endsWith('Down')) expected[5] = expected[5]! & ~0x40;
        expect(encodePhyPayload(frame)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('encode errors', () => {
  const base: DataFrameInput = {
    mType: 'UnconfirmedDataUp',
    devAddr: '01020304' as DevAddr,
    fCtrl: {},
    fCnt: 1,
    fPort: 1,
    frmPayload: Buffer.alloc(4),
    mic: Buffer.alloc(4),
  };

  it.each([
    ['fOpts over 15 bytes', { fOpts: Buffer.alloc(16) }],
    ['FRMPayload without FPort', { fPort: undefined }],
    ['FOpts with FPort 0', { fPort: 0, fOpts: Buffer.alloc(1) }],
    ['fCnt over 16 bits', { fCnt: 0x10000 }],
    ['fPort over 255', { fPort: 256 }],
    ['MIC of 3 bytes', { mic: Buffer.alloc(3) }],
    ['malformed DevAddr', { devAddr: '0102030' as DevAddr }],
    ['upper-case DevAddr', { devAddr: '0102030A' as DevAddr }],
    ['frame over 255 bytes', { frmPayload: Buffer.alloc(243) }],
  ])('%s throws LorawanEncodeError', (_name, patch) => {
    const input: DataFrameInput = { ...base, ...patch };
    expect(() => encodeDataFrame(input)).toThrow(LorawanEncodeError);
  });

  it('the largest legal frame (255 bytes) encodes', () => {
    expect(encodeDataFrame({ ...base, frmPayload: Buffer.alloc(242) })).toHaveLength(255);
  });

  it('buildDataFrame refuses a payload without FPort and an fCnt32 over 32 bits', () => {
    const session = new SessionCrypto({ nwkSKey: Buffer.alloc(16), appSKey: Buffer.alloc(16) });
    const input = { ...base, fCnt32: 1, payload: Buffer.alloc(1) };
    expect(() => buildDataFrame({ ...input, fPort: undefined }, session)).toThrow(
      LorawanEncodeError,
    );
    expect(() => buildDataFrame({ ...input, fCnt32: 2 ** 32 }, session)).toThrow(
      LorawanEncodeError,
    );
  });
});
