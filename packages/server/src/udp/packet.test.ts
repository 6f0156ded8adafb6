// Long on purpose: every GWMP packet type's codec, with the PROTOCOL.TXT examples.
import { describe, expect, it } from 'vitest';
import type { Eui64 } from '../shared/ids.js';
import { UdpDecodeError, UdpEncodeError } from './errors.js';
import type { UdpDecodeErrorCode } from './errors.js';
import {
  GWMP_PACKET_IDS,
  buildPullAck,
  buildPushAck,
  decodeHeader,
  decodePacket,
  encodePacket,
} from './packet.js';
import type { GwmpPacket, GwmpVersion } from './packet.js';

const EUI = 'aa555a0000000101' as Eui64;
const EUI_BYTES = Buffer.from(EUI, 'hex');

function datagram(head: number[], eui?: Buffer, json?: string): Buffer {
  return Buffer.concat([
    Buffer.from(head),
    eui ?? Buffer.alloc(0),
    json === undefined ? Buffer.alloc(0) : Buffer.from(json, 'utf8'),
  ]);
}

function decodeError(bytes: Uint8Array, code: UdpDecodeErrorCode): UdpDecodeError {
  let caught: unknown;
  try {
    decodePacket(bytes);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UdpDecodeError);
  expect((caught as UdpDecodeError).code).toBe(code);
  return caught as UdpDecodeError;
}

// Lora-net/packet_forwarder PROTOCOL.TXT §4 rxpk example, verbatim (its first `data` mixes the
// URL-safe '-' into standard base64, which this codec rejects as garbage; see QUIRKS.md).
const PROTOCOL_RXPK_EXAMPLE = `{"rxpk":[
	{
		"time":"2013-03-31T16:21:17.528002Z",
		"tmst":3512348611,
		"chan":2,
		"rfch":0,
		"freq":866.349812,
		"stat":1,
		"modu":"LORA",
		"datr":"SF7BW125",
		"codr":"4/6",
		"rssi":-35,
		"lsnr":5.1,
		"size":32,
		"data":"-DS4CGaDCdG+48eJNM3Vai-zDpsR71Pn9CPA9uCON84"
	},{
		"time":"2013-03-31T16:21:17.530974Z",
		"tmst":3512348514,
		"chan":9,
		"rfch":1,
		"freq":869.1,
		"stat":1,
		"modu":"FSK",
		"datr":50000,
		"rssi":-75,
		"size":16,
		"data":"VEVTVF9QQUNLRVRfMTIzNA=="
	},{
		"time":"2013-03-31T16:21:17.532038Z",
		"tmst":3316387610,
		"chan":0,
		"rfch":0,
		"freq":863.00981,
		"stat":1,
		"modu":"LORA",
		"datr":"SF10BW125",
		"codr":"4/7",
		"rssi":-38,
		"lsnr":5.5,
		"size":32,
		"data":"ysgRl452xNLep9S1NTIg2lomKDxUgn3DJ7DE+b00Ass"
	}
]}`;

// PROTOCOL.TXT §4 stat example.
const PROTOCOL_STAT_EXAMPLE = `{"stat":{
	"time":"2014-01-12 08:59:28 GMT",
	"lati":46.24000,
	"long":3.25230,
	"alti":145,
	"rxnb":2,
	"rxok":2,
	"rxfw":2,
	"ackr":100.0,
	"dwnb":2,
	"txnb":2
}}`;

// PROTOCOL.TXT §6 txpk example (LoRa, immediate).
const PROTOCOL_TXPK_EXAMPLE = `{"txpk":{
	"imme":true,
	"freq":864.123456,
	"rfch":0,
	"powe":14,
	"modu":"LORA",
	"datr":"SF11BW125",
	"codr":"4/6",
	"ipol":false,
	"size":32,
	"data":"H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v"
}}`;

describe('decodePacket: reference vectors', () => {
  it('GWMP-01 PUSH_DATA with the rxpk example (Lora-net/packet_forwarder PROTOCOL.TXT §4): rejects the "-" in rxpk[0].data', () => {
    const bytes = datagram([2, 0xb5, 0x51, 0x00], EUI_BYTES, PROTOCOL_RXPK_EXAMPLE);
    const err = decodeError(bytes, 'UDP_INVALID_BASE64');
    expect(err.details).toMatchObject({
      field: 'rxpk[0].data',
      packetType: 'PUSH_DATA',
      gatewayEui: EUI,
    });
  });

  it('GWMP-02 PUSH_DATA with the rxpk example, "-" replaced by "+" (PROTOCOL.TXT §4)', () => {
    const json = PROTOCOL_RXPK_EXAMPLE.replace(
      /-DS4CGaDCdG\+48eJNM3Vai-zDp/,
      '+DS4CGaDCdG+48eJNM3Vai+zDp',
    );
    const p = decodePacket(datagram([2, 0xb5, 0x51, 0x00], EUI_BYTES, json));
    expect(p).toMatchObject({ type: 'PUSH_DATA', version: 2, token: 0xb551, gatewayEui: EUI });
    if (p.type !== 'PUSH_DATA') throw new Error('type');
    expect(p.rxpk).toHaveLength(3);
    expect(p.rxpk[0]).toMatchObject({
      tmst: 3512348611,
      freq: 866.349812,
      datr: 'SF7BW125',
      lsnr: 5.1,
    });
    expect(p.rxpk[1]).toMatchObject({ modu: 'FSK', datr: 50000, size: 16, chan: 9, rfch: 1 });
    expect(p.rxpk[2]).toMatchObject({ datr: 'SF10BW125', codr: '4/7', rssi: -38 });
    expect(p.stat).toBeUndefined();
  });

  it('GWMP-03 PUSH_DATA with only the stat example (PROTOCOL.TXT §4)', () => {
    const p = decodePacket(datagram([1, 0x00, 0x01, 0x00], EUI_BYTES, PROTOCOL_STAT_EXAMPLE));
    expect(p).toEqual({
      type: 'PUSH_DATA',
      version: 1,
      token: 1,
      gatewayEui: EUI,
      rxpk: [],
      stat: {
        time: '2014-01-12 08:59:28 GMT',
        lati: 46.24,
        long: 3.2523,
        alti: 145,
        rxnb: 2,
        rxok: 2,
        rxfw: 2,
        ackr: 100,
        dwnb: 2,
        txnb: 2,
      },
    });
  });

  it('GWMP-04 PULL_RESP with the txpk example (PROTOCOL.TXT §6)', () => {
    const p = decodePacket(datagram([2, 0x12, 0x34, 0x03], undefined, PROTOCOL_TXPK_EXAMPLE));
    expect(p).toEqual({
      type: 'PULL_RESP',
      version: 2,
      token: 0x1234,
      txpk: {
        imme: true,
        freq: 864.123456,
        rfch: 0,
        powe: 14,
        modu: 'LORA',
        datr: 'SF11BW125',
        codr: '4/6',
        ipol: false,
        size: 32,
        data: 'H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v',
      },
    });
  });

  it('GWMP-05 Dragino stat datagram, modelled on helium/gateway-rs#202: non-standard stat fields ignored', () => {
    const bytes = Buffer.from([
      2,
      181,
      81,
      0,
      168,
      64,
      65,
      33,
      215,
      188,
      65,
      80,
      ...Buffer.from(
        '{"stat":{"time":"2022-02-28 19:38:46 UTC","lati":48.85997,"long":-122.62783,"alti":300,' +
          '"rxnb":0,"rxok":0,"rxfw":0,"ackr":0.0,"dwnb":0,"txnb":0,"pfrm":"SX1308",' +
          '"mail":"dragino-21d7bc@dragino.com","desc":""}}',
      ),
    ]);
    const p = decodePacket(bytes);
    expect(p).toMatchObject({ type: 'PUSH_DATA', token: 0xb551, gatewayEui: 'a8404121d7bc4150' });
    if (p.type !== 'PUSH_DATA') throw new Error('type');
    expect(p.stat).toMatchObject({ time: '2022-02-28 19:38:46 UTC', alti: 300, ackr: 0 });
    expect(p.stat).not.toHaveProperty('pfrm');
  });

  it('GWMP-06 Kerlink TX_ACK ending in a NUL byte (helium/gateway-rs#272) reads as NONE', () => {
    const bytes = Buffer.from([2, 139, 165, 5, 114, 118, 255, 0, 57, 3, 0, 174, 0]);
    expect(decodePacket(bytes)).toEqual({
      type: 'TX_ACK',
      version: 2,
      token: 0x8ba5,
      gatewayEui: '7276ff00390300ae',
      txpkAck: { error: 'NONE' },
    });
  });

  it('GWMP-07 NUL-terminated JSON in a PUSH_DATA (helium/semtech-udp#75) is accepted', () => {
    const p = decodePacket(datagram([2, 0, 7, 0], EUI_BYTES, `${PROTOCOL_STAT_EXAMPLE}\u0000`));
    expect(p.type).toBe('PUSH_DATA');
  });
});

describe('header', () => {
  it.each(Object.entries(GWMP_PACKET_IDS))('%s has identifier %i', (type, id) => {
    expect(decodeHeader(Buffer.from([2, 0xab, 0xcd, id]))).toEqual({
      version: 2,
      token: 0xabcd,
      type,
    });
  });

  it('reads the token big-endian from bytes 1-2 (token_h first, as lora_pkt_fwd writes it)', () => {
    expect(decodeHeader(Buffer.from([1, 0x01, 0x02, 0x02])).token).toBe(0x0102);
  });

  it('accepts a Uint8Array view into a larger buffer without copying', () => {
    const big = new Uint8Array([9, 9, 2, 0x12, 0x34, 0x04, 9]);
    const view = big.subarray(2, 6);
    expect(decodePacket(view)).toEqual({ type: 'PULL_ACK', version: 2, token: 0x1234 });
  });
});

describe('round trips', () => {
  const txpk = {
    tmst: 3512348611,
    freq: 869.525,
    rfch: 0,
    powe: 27,
    modu: 'LORA' as const,
    datr: 'SF9BW125',
    codr: '4/5',
    ipol: true,
    size: 4,
    data: 'AQIDBA==',
  };
  const rxpk = {
    time: '2013-03-31T16:21:17.528002Z',
    tmst: 3512348611,
    chan: 2,
    rfch: 0,
    freq: 866.349812,
    stat: 1 as const,
    modu: 'LORA' as const,
    datr: 'SF7BW125',
    codr: '4/6',
    rssi: -35,
    lsnr: 5.1,
    size: 4,
    data: 'AQIDBA==',
  };
  const samples = (version: GwmpVersion): GwmpPacket[] => [
    {
      type: 'PUSH_DATA',
      version,
      token: 0x0102,
      gatewayEui: EUI,
      rxpk: [rxpk, { ...rxpk, tmst: 1 }],
    },
    {
      type: 'PUSH_DATA',
      version,
      token: 0xfffe,
      gatewayEui: EUI,
      rxpk: [],
      stat: { time: '2014-01-12 08:59:28 GMT', rxnb: 1, ackr: 50, temp: 40 },
    },
    { type: 'PUSH_ACK', version, token: 0x0102 },
    { type: 'PULL_DATA', version, token: 0xbeef, gatewayEui: EUI },
    { type: 'PULL_ACK', version, token: 0xbeef },
    { type: 'PULL_RESP', version, token: version === 1 ? 0 : 0x4242, txpk },
    {
      type: 'PULL_RESP',
      version,
      token: version === 1 ? 0 : 1,
      txpk: { ...txpk, tmst: undefined, imme: true },
    },
    { type: 'TX_ACK', version, token: 0x4242, gatewayEui: EUI, txpkAck: { error: 'NONE' } },
    { type: 'TX_ACK', version, token: 0x4242, gatewayEui: EUI, txpkAck: { error: 'TOO_LATE' } },
    {
      type: 'TX_ACK',
      version,
      token: 0x4242,
      gatewayEui: EUI,
      txpkAck: { error: 'NONE', warn: 'TX_POWER', value: 14 },
    },
  ];

  for (const version of [1, 2] as const) {
    it.each(samples(version).map((p) => [p.type, p] as const))(`v${version} %s`, (_type, p) => {
      const bytes = encodePacket(p);
      expect(bytes[0]).toBe(version);
      expect(bytes[3]).toBe(GWMP_PACKET_IDS[p.type]);
      expect(decodePacket(bytes)).toEqual(p);
      // Validators emit fields in one fixed order, so the second encoding is a fixed point.
      const canonical = encodePacket(decodePacket(bytes));
      expect(encodePacket(decodePacket(canonical))).toEqual(canonical);
    });
  }

  it('lays out each type as PROTOCOL.TXT §3/§5 says', () => {
    expect([...encodePacket({ type: 'PUSH_ACK', version: 2, token: 0x0a0b })]).toEqual([
      2, 10, 11, 1,
    ]);
    expect([...encodePacket({ type: 'PULL_ACK', version: 1, token: 0x0a0b })]).toEqual([
      1, 10, 11, 4,
    ]);
    expect([
      ...encodePacket({ type: 'PULL_DATA', version: 2, token: 0x0a0b, gatewayEui: EUI }),
    ]).toEqual([2, 10, 11, 2, ...EUI_BYTES]);
    const noJsonAck = encodePacket({
      type: 'TX_ACK',
      version: 2,
      token: 7,
      gatewayEui: EUI,
      txpkAck: { error: 'NONE' },
    });
    expect([...noJsonAck]).toEqual([2, 0, 7, 5, ...EUI_BYTES]);
    const errAck = encodePacket({
      type: 'TX_ACK',
      version: 2,
      token: 7,
      gatewayEui: EUI,
      txpkAck: { error: 'COLLISION_BEACON' },
    });
    expect(errAck.subarray(12).toString()).toBe('{"txpk_ack":{"error":"COLLISION_BEACON"}}');
    const resp = encodePacket({ type: 'PULL_RESP', version: 2, token: 0x0102, txpk });
    expect([...resp.subarray(0, 4)]).toEqual([2, 1, 2, 3]);
    expect(JSON.parse(resp.subarray(4).toString())).toEqual({ txpk });
    const push = encodePacket({
      type: 'PUSH_DATA',
      version: 2,
      token: 3,
      gatewayEui: EUI,
      rxpk: [rxpk],
    });
    expect([...push.subarray(0, 12)]).toEqual([2, 0, 3, 0, ...EUI_BYTES]);
    expect(JSON.parse(push.subarray(12).toString())).toEqual({ rxpk: [rxpk] });
  });

  it('v1 PULL_RESP: token bytes are written as zeros and read as 0 (unused in v1)', () => {
    const bytes = encodePacket({ type: 'PULL_RESP', version: 1, token: 0x1234, txpk });
    expect([...bytes.subarray(0, 4)]).toEqual([1, 0, 0, 3]);
    const fromTts = Buffer.from(bytes);
    fromTts[1] = 0x55;
    expect(decodePacket(fromTts)).toMatchObject({ type: 'PULL_RESP', version: 1, token: 0 });
  });

  it.each([0x0000, 0x0001, 0x00ff, 0x0100, 0xabcd, 0xff00, 0xffff])(
    'token 0x%s: decode then encode gives the same bytes for every type',
    (token) => {
      const hi = token >> 8;
      const lo = token & 0xff;
      const datagrams = [
        datagram([2, hi, lo, 0], EUI_BYTES, PROTOCOL_STAT_EXAMPLE),
        datagram([2, hi, lo, 1]),
        datagram([2, hi, lo, 2], EUI_BYTES),
        datagram([2, hi, lo, 3], undefined, PROTOCOL_TXPK_EXAMPLE),
        datagram([2, hi, lo, 4]),
        datagram([2, hi, lo, 5], EUI_BYTES),
      ];
      for (const d of datagrams) {
        expect(decodePacket(d).token).toBe(token);
        expect([...encodePacket(decodePacket(d)).subarray(0, 4)]).toEqual([...d.subarray(0, 4)]);
      }
    },
  );
});

describe('ack builders', () => {
  it('PUSH_ACK echoes the PUSH_DATA version and token bytes exactly', () => {
    for (const [version, h, l] of [
      [2, 0xb5, 0x51],
      [1, 0x00, 0xff],
      [2, 0xff, 0x00],
    ] as const) {
      const header = decodeHeader(datagram([version, h, l, 0], EUI_BYTES, '{}'));
      expect([...buildPushAck(header.version, header.token)]).toEqual([version, h, l, 0x01]);
    }
  });

  it('PULL_ACK echoes the PULL_DATA version and token bytes exactly', () => {
    const header = decodeHeader(datagram([1, 0x9a, 0x0b, 2], EUI_BYTES));
    expect([...buildPullAck(header.version, header.token)]).toEqual([1, 0x9a, 0x0b, 0x04]);
  });

  it('refuses bad versions and tokens', () => {
    expect(() => buildPushAck(3 as GwmpVersion, 1)).toThrow(UdpEncodeError);
    expect(() => buildPullAck(2, 0x10000)).toThrow(UdpEncodeError);
    expect(() => buildPullAck(2, -1)).toThrow(UdpEncodeError);
    expect(() => buildPullAck(2, 1.5)).toThrow(UdpEncodeError);
  });
});

describe('decode errors', () => {
  it('UDP_TOO_SHORT under 4 bytes', () => {
    for (const b of [[], [2], [2, 0, 0]]) {
      expect(decodeError(Buffer.from(b), 'UDP_TOO_SHORT').details).toMatchObject({
        length: b.length,
      });
    }
  });

  it('UDP_UNKNOWN_VERSION for a version byte other than 1 or 2', () => {
    for (const v of [0, 3, 0x7b, 0xff]) {
      expect(decodeError(datagram([v, 0, 0, 2], EUI_BYTES), 'UDP_UNKNOWN_VERSION').details).toEqual(
        {
          version: v,
        },
      );
    }
  });

  it('UDP_UNKNOWN_PACKET_TYPE for identifiers above 5', () => {
    for (const id of [6, 0x10, 0xff]) {
      expect(
        decodeError(datagram([2, 0, 0, id], EUI_BYTES), 'UDP_UNKNOWN_PACKET_TYPE').details,
      ).toEqual({
        version: 2,
        identifier: id,
      });
    }
  });

  it('UDP_INVALID_LENGTH for ACKs that are not 4 bytes, PULL_DATA not 12, short PUSH_DATA/TX_ACK', () => {
    const cases: [number[], string][] = [
      [[2, 0, 0, 1, 0], 'PUSH_ACK'],
      [[2, 0, 0, 4, 0, 0], 'PULL_ACK'],
      [[2, 0, 0, 2, ...EUI_BYTES.subarray(0, 7)], 'PULL_DATA'],
      [[2, 0, 0, 2, ...EUI_BYTES, 0], 'PULL_DATA'],
      [[2, 0, 0, 0, ...EUI_BYTES.subarray(0, 7)], 'PUSH_DATA'],
      [[2, 0, 0, 5, 1, 2, 3], 'TX_ACK'],
    ];
    for (const [bytes, packetType] of cases) {
      const err = decodeError(Buffer.from(bytes), 'UDP_INVALID_LENGTH');
      expect(err.details).toMatchObject({ packetType, length: bytes.length });
    }
  });

  it('UDP_INVALID_JSON for empty, malformed or non-object bodies', () => {
    const cases: [Buffer, string][] = [
      [datagram([2, 0, 0, 0], EUI_BYTES), 'PUSH_DATA'],
      [datagram([2, 0, 0, 0], EUI_BYTES, '{"rxpk":['), 'PUSH_DATA'],
      [datagram([2, 0, 0, 0], EUI_BYTES, '[]'), 'PUSH_DATA'],
      [datagram([2, 0, 0, 3]), 'PULL_RESP'],
      [datagram([2, 0, 0, 3], undefined, 'txpk'), 'PULL_RESP'],
      [datagram([2, 0, 0, 5], EUI_BYTES, '{"txpk_ack":'), 'TX_ACK'],
      [datagram([2, 0, 0, 5], EUI_BYTES, '"NONE"'), 'TX_ACK'],
    ];
    for (const [bytes, packetType] of cases) {
      expect(decodeError(bytes, 'UDP_INVALID_JSON').details).toMatchObject({ packetType });
    }
  });

  it('body errors name the packet type, field and gateway', () => {
    const missing = decodeError(
      datagram([2, 0, 0, 0], EUI_BYTES, '{"rxpk":[{"tmst":1}]}'),
      'UDP_MISSING_FIELD',
    );
    expect(missing.details).toMatchObject({
      packetType: 'PUSH_DATA',
      field: 'rxpk[0].datr',
      gatewayEui: EUI,
    });
    const invalid = decodeError(
      datagram([2, 0, 0, 3], undefined, '{"txpk":{"modu":"LORA","datr":"SF9BW125","imme":"yes"}}'),
      'UDP_INVALID_FIELD',
    );
    expect(invalid.details).toMatchObject({
      packetType: 'PULL_RESP',
      field: 'txpk.imme',
      gatewayEui: null,
    });
    const mismatch = decodeError(
      datagram(
        [2, 0, 0, 3],
        undefined,
        '{"txpk":{"imme":true,"freq":869.525,"modu":"LORA","datr":"SF9BW125","size":3,"data":"AQIDBA=="}}',
      ),
      'UDP_SIZE_MISMATCH',
    );
    expect(mismatch.details).toMatchObject({ packetType: 'PULL_RESP', field: 'txpk.size' });
    const b64 = decodeError(
      datagram(
        [2, 0, 0, 3],
        undefined,
        '{"txpk":{"imme":true,"freq":869.525,"modu":"LORA","datr":"SF9BW125","size":3,"data":"AQ*D"}}',
      ),
      'UDP_INVALID_BASE64',
    );
    expect(b64.details).toMatchObject({ packetType: 'PULL_RESP', field: 'txpk.data' });
    const txAck = decodeError(
      datagram([2, 0, 0, 5], EUI_BYTES, '{"txpk_ack":{"error":false}}'),
      'UDP_INVALID_FIELD',
    );
    expect(txAck.details).toMatchObject({
      packetType: 'TX_ACK',
      field: 'txpk_ack.error',
      gatewayEui: EUI,
    });
  });

  it('whitespace-only TX_ACK JSON is absent JSON', () => {
    expect(decodePacket(datagram([2, 0, 0, 5], EUI_BYTES, ' \r\n\t'))).toMatchObject({
      txpkAck: { error: 'NONE' },
    });
  });
});

describe('encode errors', () => {
  it('UDP_INVALID_VALUE for bad version, token or EUI', () => {
    const bad: GwmpPacket[] = [
      { type: 'PUSH_ACK', version: 0 as GwmpVersion, token: 1 },
      { type: 'PULL_ACK', version: 2, token: 65536 },
      { type: 'PULL_DATA', version: 2, token: 1, gatewayEui: 'AA555A0000000101' as Eui64 },
      { type: 'PULL_DATA', version: 2, token: 1, gatewayEui: 'aa555a00000001' as Eui64 },
      {
        type: 'TX_ACK',
        version: 2,
        token: 1,
        gatewayEui: 'zz555a0000000101' as Eui64,
        txpkAck: { error: 'NONE' },
      },
      { type: 'PUSH_DATA', version: 2, token: -2, gatewayEui: EUI, rxpk: [] },
    ];
    for (const p of bad) {
      let caught: unknown;
      try {
        encodePacket(p);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UdpEncodeError);
      expect((caught as UdpEncodeError).code).toBe('UDP_INVALID_VALUE');
    }
  });
});
