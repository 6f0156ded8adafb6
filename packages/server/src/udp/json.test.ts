// Long on purpose: the validation tables of json/ (rxpk, stat, txpk, txpk_ack) share helpers.
import { describe, expect, it } from 'vitest';
import { UdpDecodeError } from './errors.js';
import { protocolRxpkLora, protocolStat, protocolTxpkLora } from './testing/protocol-examples.js';
import type { UdpDecodeErrorCode } from './errors.js';
import {
  base64DecodedLength,
  parseCompactTimeMs,
  parseLoraDatr,
  parseLrFhssDatr,
  parsePullRespBody,
  parsePushDataBody,
  parseRxpk,
  parseStat,
  parseStatTimeMs,
  parseTxAckBody,
  parseTxpk,
} from './json.js';

/** A copy of `o` without `key`. */
function omit(o: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...(o as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

/** Runs `fn`, expecting a UdpDecodeError with `code` (and `field` when given). */
function expectDecodeError(fn: () => unknown, code: UdpDecodeErrorCode, field?: string) {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UdpDecodeError);
  const err = caught as UdpDecodeError;
  expect(err.code).toBe(code);
  if (field !== undefined) expect(err.details.field).toBe(field);
  return err;
}

const loraRxpk = { ...protocolRxpkLora, size: 4, data: 'AQIDBA==' };

describe('base64DecodedLength', () => {
  it.each([
    ['', 0],
    ['AA==', 1],
    ['AAE=', 2],
    ['AAEC', 3],
    ['AA', 1],
    ['AAE', 2],
    ['VEVTVF9QQUNLRVRfMTIzNA==', 16],
    ['H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v', 32],
  ])('%j decodes to %i bytes', (s, n) => {
    expect(base64DecodedLength(s)).toBe(n);
    expect(Buffer.from(s, 'base64').length).toBe(n);
  });

  it.each([
    'A',
    'AAAAA',
    'A===',
    '====',
    'AA=',
    '=AAA',
    'AA=A',
    'AAA==',
    '-DS4',
    'ab_c',
    'AA AA',
    'AAAA\n',
    'AA%%',
    'Ä==',
  ])('rejects %j', (s) => {
    expect(base64DecodedLength(s)).toBeUndefined();
  });
});

describe('parseCompactTimeMs', () => {
  it.each([
    ['2013-03-31T16:21:17.528002Z', Date.UTC(2013, 2, 31, 16, 21, 17, 528)],
    ['2013-03-31T16:21:17Z', Date.UTC(2013, 2, 31, 16, 21, 17)],
    ['2019-03-20T16:24:51.6Z', Date.UTC(2019, 2, 20, 16, 24, 51, 600)],
    ['2019-03-20T16:24:51.06Z', Date.UTC(2019, 2, 20, 16, 24, 51, 60)],
    ['2019-03-20T16:24:51.123456789Z', Date.UTC(2019, 2, 20, 16, 24, 51, 123)],
    ['2019-03-20T16:24:51.5', Date.UTC(2019, 2, 20, 16, 24, 51, 500)],
    ['2019-03-20T18:24:51+02:00', Date.UTC(2019, 2, 20, 16, 24, 51)],
    ['2019-03-20T14:54:51-01:30', Date.UTC(2019, 2, 20, 16, 24, 51)],
    ['2020-02-29T00:00:00Z', Date.UTC(2020, 1, 29)],
    ['2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1)],
  ])('%s', (s, ms) => {
    expect(parseCompactTimeMs(s)).toBe(ms);
  });

  it.each([
    '',
    '2013-03-31',
    '2013-03-31 16:21:17Z',
    '2013-13-01T00:00:00Z',
    '2013-00-01T00:00:00Z',
    '2019-02-29T00:00:00Z',
    '2013-04-31T00:00:00Z',
    '2013-03-31T24:00:00Z',
    '2013-03-31T16:60:00Z',
    '2013-03-31T16:21:61Z',
    '2013-03-31T16:21:17.Z',
    '2013-03-31T16:21:17.1234567890Z',
    '2013-03-31T16:21:17ZZ',
    '2013-03-31T16:21:17+0200',
    '2013-03-31T16:21:17+24:00',
    '2013-03-31T16:21:17 GMT',
    'x013-03-31T16:21:17Z',
    '2013-03-31T16:21:1xZ',
  ])('rejects %j', (s) => {
    expect(parseCompactTimeMs(s)).toBeUndefined();
  });
});

describe('parseStatTimeMs', () => {
  it('reads the reference forwarder "expanded" time (PROTOCOL.TXT §4 stat example)', () => {
    expect(parseStatTimeMs('2014-01-12 08:59:28 GMT')).toBe(Date.UTC(2014, 0, 12, 8, 59, 28));
    expect(parseStatTimeMs('2014-01-12 08:59:28 UTC')).toBe(Date.UTC(2014, 0, 12, 8, 59, 28));
  });
  it('also reads the compact form and rejects other strings', () => {
    expect(parseStatTimeMs('2014-01-12T08:59:28Z')).toBe(Date.UTC(2014, 0, 12, 8, 59, 28));
    expect(parseStatTimeMs('2014-01-12 08:59:28 CET')).toBeUndefined();
    expect(parseStatTimeMs('yesterday')).toBeUndefined();
  });
});

describe('data-rate ids', () => {
  it('parses LoRa SF5..SF12 at 125/250/500 kHz only', () => {
    expect(parseLoraDatr('SF7BW125')).toEqual({ spreadingFactor: 7, bandwidthHz: 125000 });
    expect(parseLoraDatr('SF12BW500')).toEqual({ spreadingFactor: 12, bandwidthHz: 500000 });
    expect(parseLoraDatr('SF5BW250')).toEqual({ spreadingFactor: 5, bandwidthHz: 250000 });
    for (const bad of [
      'SF4BW125',
      'SF13BW125',
      'SF7BW62',
      'SF7BW126',
      'sf7bw125',
      'SF7BW125 ',
      'SF7',
    ]) {
      expect(parseLoraDatr(bad)).toBeUndefined();
    }
  });
  it('parses LR-FHSS M0CW<kHz> to Hz', () => {
    expect(parseLrFhssDatr('M0CW137')).toBe(137000);
    expect(parseLrFhssDatr('M0CW1523')).toBe(1523000);
    expect(parseLrFhssDatr('M0CW0')).toBeUndefined();
    expect(parseLrFhssDatr('SF7BW125')).toBeUndefined();
  });
});

describe('parseRxpk', () => {
  it('copies the known fields and drops unknown ones', () => {
    const rxpk = parseRxpk({ ...loraRxpk, jver: 2, meta: { a: 1 }, aesk: 0 });
    expect(rxpk).toEqual(loraRxpk);
    expect(rxpk).not.toHaveProperty('jver');
    expect(rxpk).not.toHaveProperty('meta');
  });

  it('reads an FSK rxpk without lsnr/codr', () => {
    const fsk = {
      tmst: 3512348514,
      chan: 9,
      rfch: 1,
      freq: 869.1,
      stat: 1,
      modu: 'FSK',
      datr: 50000,
      rssi: -75,
      size: 16,
      data: 'VEVTVF9QQUNLRVRfMTIzNA==',
    };
    expect(parseRxpk(fsk)).toEqual(fsk);
  });

  it('reads an LR-FHSS rxpk, which needs codr', () => {
    const lr = { ...loraRxpk, modu: 'LR-FHSS', datr: 'M0CW137', codr: '2/3', hpw: 8 };
    delete (lr as Partial<typeof lr>).lsnr;
    expect(parseRxpk(lr)).toEqual(lr);
    const noCodr = omit(lr, 'codr');
    expectDecodeError(() => parseRxpk(noCodr), 'UDP_MISSING_FIELD', 'rxpk.codr');
  });

  it('reads the multi-antenna rsig form without top-level chan/rssi/lsnr', () => {
    const rsigRxpk = {
      tmst: 1236791300,
      time: '2019-03-20T16:24:51.6Z',
      freq: 868.1,
      stat: 1,
      modu: 'LORA',
      datr: 'SF7BW125',
      codr: '4/5',
      brd: 0,
      size: 4,
      data: 'AQIDBA==',
      rsig: [
        { ant: 0, chan: 0, rssic: -38, lsnr: 13, etime: 'c2VjcmV0', foff: -120 },
        { ant: 1, chan: 0, rssic: -41, rssis: -42, lsnr: 12.5, ftime: 123456789 },
      ],
    };
    const parsed = parseRxpk(rsigRxpk);
    expect(parsed).toEqual(rsigRxpk);
    expect(parsed.chan).toBeUndefined();
    expectDecodeError(
      () => parseRxpk({ ...rsigRxpk, rsig: [{ ant: 0, chan: 0 }] }),
      'UDP_MISSING_FIELD',
      'rxpk.rsig[0].rssic',
    );
    expectDecodeError(
      () => parseRxpk({ ...rsigRxpk, rsig: [rsigRxpk.rsig[0], { ant: -1, chan: 0, rssic: 1 }] }),
      'UDP_INVALID_FIELD',
      'rxpk.rsig[1].ant',
    );
    expectDecodeError(() => parseRxpk({ ...rsigRxpk, rsig: {} }), 'UDP_INVALID_FIELD', 'rxpk.rsig');
    expectDecodeError(
      () => parseRxpk({ ...rsigRxpk, rsig: [5] }),
      'UDP_INVALID_FIELD',
      'rxpk.rsig[0]',
    );
    expect(parseRxpk({ ...rsigRxpk, rsig: [] }).rsig).toEqual([]);
  });

  it('treats null as absent', () => {
    const rxpk = parseRxpk({ ...loraRxpk, time: null, tmms: null, rsig: null });
    expect(rxpk.time).toBeUndefined();
    expect(rxpk.tmms).toBeUndefined();
    expect(rxpk.rsig).toBeUndefined();
  });

  // SPEC "Gateway side": an rxpk needs tmst, freq, datr and data.
  it.each(['tmst', 'freq', 'datr', 'data'])('requires %s', (key) => {
    const o: Record<string, unknown> = { ...loraRxpk };
    delete o[key];
    expectDecodeError(() => parseRxpk(o, 'rxpk[3]'), 'UDP_MISSING_FIELD', `rxpk[3].${key}`);
    expectDecodeError(() => parseRxpk({ ...o, [key]: null }), 'UDP_MISSING_FIELD', `rxpk.${key}`);
  });

  it.each(['time', 'tmms', 'chan', 'rfch', 'stat', 'codr', 'rssi', 'lsnr', 'size', 'rsig'])(
    'takes a missing or null %s as absent',
    (key) => {
      const o: Record<string, unknown> = { ...loraRxpk };
      delete o[key];
      const expected = { ...o, [key]: undefined };
      expect(parseRxpk(o)).toEqual(expected);
      expect(parseRxpk({ ...o, [key]: null })).toEqual(expected);
    },
  );

  it('takes modu from datr when it is missing or null', () => {
    const o: Record<string, unknown> = { ...loraRxpk };
    delete o.modu;
    expect(parseRxpk(o).modu).toBe('LORA');
    expect(parseRxpk({ ...o, modu: null, datr: 50000 }).modu).toBe('FSK');
    expect(parseRxpk({ ...o, datr: 'M0CW137', codr: '2/3' }).modu).toBe('LR-FHSS');
    expectDecodeError(() => parseRxpk({ ...o, datr: 'fast' }), 'UDP_INVALID_FIELD', 'rxpk.datr');
  });

  it('keeps size as sent, even when it disagrees with data (the caller counts that)', () => {
    // One Python emulator sends the base64 length: 8 for these 4 bytes.
    expect(parseRxpk({ ...loraRxpk, size: 8 })).toMatchObject({ size: 8, data: 'AQIDBA==' });
    expect(parseRxpk({ ...loraRxpk, size: 340 }).size).toBe(340);
  });

  it('leaves out a time it cannot read instead of dropping the uplink', () => {
    for (const time of [1364746877, '2013-03-31 16:21:17 GMT', 'now', {}]) {
      expect(parseRxpk({ ...loraRxpk, time }).time).toBeUndefined();
    }
  });

  it.each<[string, unknown]>([
    ['tmst', -1],
    ['tmst', 2 ** 32],
    ['tmst', 1.5],
    ['tmst', '1'],
    ['tmms', -5],
    ['tmms', 2 ** 53],
    ['freq', 0],
    ['freq', -868.1],
    ['freq', '868.1'],
    ['chan', 1.5],
    ['chan', -1],
    ['rfch', 256],
    ['stat', 2],
    ['stat', '1'],
    ['stat', true],
    ['modu', 'lora'],
    ['modu', 5],
    ['datr', 50000],
    ['datr', 'SF7BW126'],
    ['datr', ['SF7BW125']],
    ['codr', 45],
    ['rssi', '-35'],
    ['rssi', {}],
    ['lsnr', false],
    ['size', '4'],
    ['data', 1234],
    ['brd', -1],
    ['foff', 'x'],
  ])('rejects %s = %j', (key, value) => {
    expectDecodeError(
      () => parseRxpk({ ...loraRxpk, [key]: value }),
      'UDP_INVALID_FIELD',
      `rxpk.${key}`,
    );
  });

  it('rejects an FSK rxpk with a string datr', () => {
    const err = expectDecodeError(
      () => parseRxpk({ ...loraRxpk, modu: 'FSK', datr: '50000' }),
      'UDP_INVALID_FIELD',
      'rxpk.datr',
    );
    expect(err.details.expected).toContain('fsk');
  });

  it('rejects JSON numbers that overflow to Infinity', () => {
    const o = JSON.parse('{"freq":1e400}') as { freq: number };
    expect(o.freq).toBe(Infinity);
    expectDecodeError(() => parseRxpk({ ...loraRxpk, ...o }), 'UDP_INVALID_FIELD', 'rxpk.freq');
    expectDecodeError(
      () => parseRxpk({ ...loraRxpk, rssi: -Infinity }),
      'UDP_INVALID_FIELD',
      'rxpk.rssi',
    );
  });

  it('rejects invalid base64 data (UDP_INVALID_BASE64)', () => {
    for (const data of ['AQID-A==', 'AQIDBA=', 'A', 'AQ ID', 'AQIDBA===']) {
      expectDecodeError(() => parseRxpk({ ...loraRxpk, data }), 'UDP_INVALID_BASE64', 'rxpk.data');
    }
  });

  it('accepts unpadded base64 data', () => {
    expect(parseRxpk({ ...loraRxpk, data: 'AQIDBA' }).data).toBe('AQIDBA');
  });

  it('rejects data of more than 255 bytes, the LoRa PHY maximum', () => {
    const data = Buffer.alloc(256).toString('base64');
    expectDecodeError(() => parseRxpk({ ...loraRxpk, data }), 'UDP_INVALID_FIELD', 'rxpk.data');
    expect(parseRxpk({ ...loraRxpk, data: Buffer.alloc(255).toString('base64') }).data).toBe(
      Buffer.alloc(255).toString('base64'),
    );
  });

  it('rejects a non-object element', () => {
    for (const v of [null, 5, 'rxpk', [loraRxpk]]) {
      expectDecodeError(() => parseRxpk(v, 'rxpk[1]'), 'UDP_INVALID_FIELD', 'rxpk[1]');
    }
  });
});

describe('parseStat', () => {
  const example = protocolStat;

  it('reads the PROTOCOL.TXT §4 stat example and the sx1302 temp', () => {
    expect(parseStat(example)).toEqual(example);
    expect(parseStat({ ...example, temp: 41.5 }).temp).toBe(41.5);
  });

  it('accepts a stat with only non-standard fields (Helium router, Dragino)', () => {
    expect(parseStat({ pubk: 'abc', regi: 'EU868', pfrm: 'SX1308', mail: 'x@y' })).toEqual({});
  });

  it('keeps an unreadable time string (informative only) but rejects a non-string', () => {
    expect(parseStat({ time: '12/01/2014' }).time).toBe('12/01/2014');
    expectDecodeError(() => parseStat({ time: 1 }), 'UDP_INVALID_FIELD', 'stat.time');
  });

  it.each<[string, unknown]>([
    ['rxnb', -1],
    ['rxok', 1.5],
    ['rxfw', '2'],
    ['ackr', -1],
    ['dwnb', 'x'],
    ['txnb', true],
    ['lati', '46.24'],
    ['long', {}],
    ['alti', []],
    ['temp', 'hot'],
  ])('rejects %s = %j', (key, value) => {
    expectDecodeError(
      () => parseStat({ ...example, [key]: value }),
      'UDP_INVALID_FIELD',
      `stat.${key}`,
    );
  });
});

describe('parseTxpk', () => {
  // PROTOCOL.TXT §6 examples (Lora-net/packet_forwarder).
  const loraExample = protocolTxpkLora;
  const fskExample = {
    imme: true,
    freq: 861.3,
    rfch: 0,
    powe: 12,
    modu: 'FSK',
    datr: 50000,
    fdev: 3000,
    size: 32,
    data: 'H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v',
  };

  it('reads the PROTOCOL.TXT §6 LoRa and FSK examples', () => {
    expect(parseTxpk(loraExample)).toEqual(loraExample);
    expect(parseTxpk(fskExample)).toEqual(fskExample);
  });

  it('accepts tmst-timed, tmms-timed and extra brd/ant/prea/ncrc fields', () => {
    const base = omit(loraExample, 'imme');
    const tmst = { ...base, tmst: 4294967295, ipol: true, prea: 8, ncrc: true, brd: 1, ant: 0 };
    expect(parseTxpk(tmst)).toEqual(tmst);
    const tmms = { ...base, tmms: 1234567890123 };
    expect(parseTxpk(tmms)).toEqual(tmms);
  });

  it('requires one of imme:true, tmst or tmms', () => {
    const base = omit(loraExample, 'imme');
    expectDecodeError(() => parseTxpk(base), 'UDP_MISSING_FIELD', 'txpk.tmst');
    expectDecodeError(() => parseTxpk({ ...base, imme: false }), 'UDP_MISSING_FIELD', 'txpk.tmst');
  });

  it.each(['freq', 'modu', 'datr', 'size', 'data'])('requires %s', (key) => {
    const o: Record<string, unknown> = { ...loraExample };
    delete o[key];
    expectDecodeError(() => parseTxpk(o), 'UDP_MISSING_FIELD', `txpk.${key}`);
  });

  it.each<[string, unknown]>([
    ['imme', 1],
    ['tmst', -1],
    ['tmms', 1.5],
    ['powe', 128],
    ['powe', 14.5],
    ['rfch', 'a'],
    ['modu', 'LR-FHSS'],
    ['ipol', 'true'],
    ['prea', -1],
    ['fdev', 1.5],
    ['ncrc', 0],
    ['ant', -1],
  ])('rejects %s = %j', (key, value) => {
    expectDecodeError(
      () => parseTxpk({ ...loraExample, [key]: value }),
      'UDP_INVALID_FIELD',
      `txpk.${key}`,
    );
  });

  it('checks data against size', () => {
    expectDecodeError(
      () => parseTxpk({ ...loraExample, size: 31 }),
      'UDP_SIZE_MISMATCH',
      'txpk.size',
    );
    expectDecodeError(
      () => parseTxpk({ ...loraExample, data: '!!' }),
      'UDP_INVALID_BASE64',
      'txpk.data',
    );
  });
});

describe('body validators', () => {
  it('PUSH_DATA: rxpk and/or stat, null stat ignored', () => {
    expect(parsePushDataBody({ stat: { rxnb: 1 } })).toEqual({ rxpk: [], stat: { rxnb: 1 } });
    expect(parsePushDataBody({ rxpk: [loraRxpk], stat: null })).toEqual({ rxpk: [loraRxpk] });
    expect(parsePushDataBody({})).toEqual({ rxpk: [] });
    expectDecodeError(() => parsePushDataBody({ rxpk: {} }), 'UDP_INVALID_FIELD', 'rxpk');
    expectDecodeError(() => parsePushDataBody({ stat: [] }), 'UDP_INVALID_FIELD', 'stat');
    expectDecodeError(
      () => parsePushDataBody({ rxpk: [loraRxpk, { ...loraRxpk, tmst: -1 }] }),
      'UDP_INVALID_FIELD',
      'rxpk[1].tmst',
    );
  });

  it('root must be an object (UDP_INVALID_JSON)', () => {
    for (const v of [[], null, 1, 'x', true]) {
      expectDecodeError(() => parsePushDataBody(v), 'UDP_INVALID_JSON');
      expectDecodeError(() => parsePullRespBody(v), 'UDP_INVALID_JSON');
      expectDecodeError(() => parseTxAckBody(v), 'UDP_INVALID_JSON');
    }
  });

  it('PULL_RESP needs txpk', () => {
    expectDecodeError(() => parsePullRespBody({}), 'UDP_MISSING_FIELD', 'txpk');
    expectDecodeError(() => parsePullRespBody({ txpk: 'x' }), 'UDP_INVALID_FIELD', 'txpk');
  });

  it.each([
    'NONE',
    'TOO_LATE',
    'TOO_EARLY',
    'COLLISION_PACKET',
    'COLLISION_BEACON',
    'TX_FREQ',
    'TX_POWER',
    'GPS_UNLOCKED',
    'UNKNOWN',
  ])('TX_ACK error %s', (error) => {
    expect(parseTxAckBody({ txpk_ack: { error } })).toEqual({ error });
  });

  it('TX_ACK: missing object or error means NONE; sx1302 warn/value form; unknown codes', () => {
    expect(parseTxAckBody({})).toEqual({ error: 'NONE' });
    expect(parseTxAckBody({ txpk_ack: {} })).toEqual({ error: 'NONE' });
    expect(parseTxAckBody({ txpk_ack: { warn: 'TX_POWER', value: 20 } })).toEqual({
      error: 'NONE',
      warn: 'TX_POWER',
      value: 20,
    });
    expect(parseTxAckBody({ txpk_ack: { error: 'NONE', warn: 'TX_POWER', value: '14' } })).toEqual({
      error: 'NONE',
      warn: 'TX_POWER',
      value: '14',
    });
    expect(parseTxAckBody({ txpk_ack: { error: 'SOMETHING_NEW' } })).toEqual({ error: 'UNKNOWN' });
    expectDecodeError(() => parseTxAckBody({ txpk_ack: 'NONE' }), 'UDP_INVALID_FIELD', 'txpk_ack');
    expectDecodeError(
      () => parseTxAckBody({ txpk_ack: { error: 3 } }),
      'UDP_INVALID_FIELD',
      'txpk_ack.error',
    );
    expectDecodeError(
      () => parseTxAckBody({ txpk_ack: { warn: 'TX_POWER', value: [] } }),
      'UDP_INVALID_FIELD',
      'txpk_ack.value',
    );
  });
});
