import { describe, expect, it } from 'vitest';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import {
  decodeDownlinkFCtrl,
  decodeFhdr,
  decodeUplinkFCtrl,
  encodeDownlinkFCtrl,
  encodeUplinkFCtrl,
} from './fhdr.js';

describe('FCtrl', () => {
  it('round-trips every uplink octet ([L2 1.0.4 §4.3.1] uplink layout)', () => {
    for (let b = 0; b < 256; b++) {
      const f = decodeUplinkFCtrl(b);
      expect(encodeUplinkFCtrl(f, f.fOptsLen)).toBe(b);
    }
    expect(decodeUplinkFCtrl(0xc3)).toEqual({
      adr: true,
      adrAckReq: true,
      ack: false,
      classB: false,
      fOptsLen: 3,
    });
  });

  it('round-trips every downlink octet except RFU bit 6', () => {
    for (let b = 0; b < 256; b++) {
      const f = decodeDownlinkFCtrl(b);
      expect(encodeDownlinkFCtrl(f, f.fOptsLen)).toBe(b & ~0x40);
    }
    expect(decodeDownlinkFCtrl(0x3a)).toEqual({
      adr: false,
      ack: true,
      fPending: true,
      fOptsLen: 10,
    });
  });

  it('refuses an FOptsLen over 15', () => {
    expect(() => encodeUplinkFCtrl({}, 16)).toThrow(LorawanEncodeError);
    expect(() => encodeDownlinkFCtrl({}, -1)).toThrow(LorawanEncodeError);
  });
});

describe('decodeFhdr', () => {
  it('reads DevAddr big-endian, FCnt little-endian and FOpts as a view', () => {
    // DF10 (brocaar/lorawan:phypayload_test.go) without MHDR, FPort, payload and MIC
    const mac = Buffer.from('04030201030000020305', 'hex');
    const fhdr = decodeFhdr(mac, 'up');
    expect(fhdr.devAddr).toBe('01020304');
    expect(fhdr.fCnt).toBe(0);
    expect(fhdr.fCtrl.fOptsLen).toBe(3);
    expect(fhdr.fOpts.toString('hex')).toBe('020305');
    expect(fhdr.fOpts.buffer).toBe(mac.buffer);
    expect(decodeFhdr(Buffer.from('a5280126000200', 'hex'), 'down')).toMatchObject({
      devAddr: '260128a5',
      fCnt: 2,
      fCtrl: { fPending: false },
    });
  });

  it('throws LorawanDecodeError when short or when FOptsLen overflows', () => {
    expect(() => decodeFhdr(Buffer.alloc(6), 'up')).toThrow(LorawanDecodeError);
    expect(() => decodeFhdr(Buffer.from('0403020103000002', 'hex'), 'up')).toThrow(
      LorawanDecodeError,
    );
  });
});
