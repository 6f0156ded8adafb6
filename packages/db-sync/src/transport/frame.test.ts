import { describe, expect, it } from 'vitest';
import { isSyncError } from '../errors.js';
import {
  FrameDecoder,
  MAX_FRAME_BYTES,
  MAX_HANDSHAKE_FRAME_BYTES,
  decodeFrameBody,
  encodeFrame,
  encodeMessageFrame,
} from './frame.js';

describe('frames', () => {
  it('encodes a peer message as the frame of {t: msg, topic, p}', () => {
    const payload = { devAddr: '01020304', text: 'héllo "q"', list: [1, null] };
    const frame = encodeMessageFrame('ns/uplink', payload);
    expect(new FrameDecoder().push(frame)).toEqual([{ t: 'msg', topic: 'ns/uplink', p: payload }]);
    expect(frame).toEqual(encodeFrame({ t: 'msg', topic: 'ns/uplink', p: payload }));
  });

  it('round-trips messages split at every byte boundary', () => {
    const messages = [
      { t: 'a', n: 1 },
      { t: 'b', text: 'héllo ✓', rows: [['k', null]] },
      { t: 'c' },
    ];
    const bytes = Buffer.concat(messages.map((m) => encodeFrame(m)));
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const decoder = new FrameDecoder();
      const out = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      expect(out).toEqual(messages);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('decodes a frame delivered one byte at a time', () => {
    const frame = encodeFrame({ t: 'x', v: 'y'.repeat(1000) });
    const decoder = new FrameDecoder();
    const out = [];
    for (const byte of frame) out.push(...decoder.push(Buffer.from([byte])));
    expect(out).toEqual([{ t: 'x', v: 'y'.repeat(1000) }]);
  });

  it('prefixes the UTF-8 body with its 4-byte big-endian length', () => {
    const frame = encodeFrame({ t: 'é' });
    const body = '{"t":"é"}';
    expect(frame.readUInt32BE(0)).toBe(Buffer.byteLength(body));
    expect(frame.subarray(4).toString('utf8')).toBe(body);
  });

  it('refuses a header announcing more than the frame cap', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    let caught: unknown;
    try {
      new FrameDecoder().push(header);
    } catch (err) {
      caught = err;
    }
    expect(isSyncError(caught, 'SYNC_PROTOCOL')).toBe(true);
  });

  it('holds the first smallFrames frames to the handshake cap, then allows the full size', () => {
    const small = encodeFrame({ t: 'hello', pad: 'x'.repeat(100) });
    const big = encodeFrame({ t: 'ops', pad: 'y'.repeat(MAX_HANDSHAKE_FRAME_BYTES * 4) });
    // The big frame right behind the two small ones, in the same chunk, is accepted.
    const decoder = new FrameDecoder({ smallFrames: 2 });
    expect(decoder.push(Buffer.concat([small, small, big])).map((m) => m.t)).toEqual([
      'hello',
      'hello',
      'ops',
    ]);
    // As the first or second frame it is refused from its header alone (nothing buffered).
    for (const before of [[], [small]]) {
      const d = new FrameDecoder({ smallFrames: 2 });
      let caught: unknown;
      try {
        d.push(Buffer.concat([...before, big.subarray(0, 4)]));
      } catch (err) {
        caught = err;
      }
      expect(caught).toMatchObject({
        code: 'SYNC_PROTOCOL',
        details: { max: MAX_HANDSHAKE_FRAME_BYTES },
      });
    }
  });

  it.each([
    ['not json', 'nope'],
    ['an array', '[1]'],
    ['an object without t', '{"x":1}'],
    ['a non-string t', '{"t":1}'],
  ])('refuses a body that is %s', (_name, text) => {
    expect(() => decodeFrameBody(Buffer.from(text))).toThrow(
      expect.objectContaining({ code: 'SYNC_PROTOCOL' }),
    );
  });
});
