// Long on purpose: uplink, stat and downlink translation share their radio fixtures.
import { describe, expect, it } from 'vitest';
import { protocolStat } from './testing/protocol-examples.js';
import type { Eui64 } from '../shared/ids.js';
import type { DataRate, DownlinkFrame, UplinkFrame } from '../shared/radio.js';
import { hexField, loadLorawanVectors } from '../testing/vectors.js';
import { UdpDecodeError, UdpEncodeError } from './errors.js';
import { parseRxpk, parseTxpk } from './json.js';
import type { Rxpk, Txpk } from './json.js';
import { decodePacket, encodePacket } from './packet.js';
import {
  downlinkFrameToTxpk,
  gatewayStatsToStat,
  hzToMhz,
  mhzToHz,
  rxpkToUplinkFrame,
  statToGatewayStats,
  txpkToDownlinkFrame,
  uplinkFrameToRxpk,
} from './translate.js';

const EUI = '0102030405060708' as Eui64;

const lora = (sf: number, bwKhz = 125): DataRate => ({
  modulation: 'LORA',
  spreadingFactor: sf,
  bandwidthHz: bwKhz * 1000,
});

const baseRxpk: Rxpk = parseRxpk({
  time: '2013-03-31T16:21:17.528002Z',
  tmst: 3512348611,
  chan: 2,
  rfch: 1,
  freq: 868.1,
  stat: 1,
  modu: 'LORA',
  datr: 'SF7BW125',
  codr: '4/5',
  rssi: -35,
  lsnr: 5.1,
  size: 4,
  data: 'AQIDBA==',
});

describe('frequency units', () => {
  it.each([
    [868.1, 868100000],
    [866.349812, 866349812],
    [863.00981, 863009810],
    [869.525, 869525000],
    [902.3, 902300000],
    [923.3, 923300000],
    [433.175, 433175000],
    [470.3, 470300000],
  ])('%f MHz -> %i Hz', (mhz, hz) => {
    expect(mhzToHz(mhz)).toBe(hz);
    expect(JSON.stringify(hzToMhz(hz))).toBe(String(mhz));
  });

  it('hzToMhz survives the reference forwarder truncation and round-trips (25 kHz grid and every 9973 Hz, 137-1020 MHz)', () => {
    const failures: number[] = [];
    const check = (hz: number) => {
      const sent = JSON.parse(JSON.stringify(hzToMhz(hz))) as number;
      if (Math.trunc(sent * 1e6) !== hz || mhzToHz(sent) !== hz) failures.push(hz);
    };
    for (let hz = 137_000_000; hz <= 1_020_000_000; hz += 25_000) check(hz);
    for (let hz = 137_000_001; hz <= 1_020_000_000; hz += 9973) check(hz);
    expect(failures).toEqual([]);
  });

  it('hzToMhz nudges 512.05 MHz up one ulp, where 512.05 * 1e6 truncates to 512049999', () => {
    expect(Math.trunc(512.05 * 1e6)).toBe(512049999);
    expect(Math.trunc(hzToMhz(512050000) * 1e6)).toBe(512050000);
    expect(mhzToHz(hzToMhz(512050000))).toBe(512050000);
  });
});

describe('rxpkToUplinkFrame', () => {
  it('maps a single-antenna LoRa rxpk', () => {
    const frame = rxpkToUplinkFrame(baseRxpk, EUI);
    expect(frame).toEqual({
      phyPayload: Buffer.from([1, 2, 3, 4]),
      rxInfo: {
        gatewayEui: EUI,
        timestampUs: 3512348611,
        timeMs: Date.UTC(2013, 2, 31, 16, 21, 17, 528),
        rssiDbm: -35,
        snrDb: 5.1,
        channel: 2,
        rfChain: 1,
        crcStatus: 'ok',
        antennas: [{ antenna: 0, channel: 2, rssiDbm: -35, snrDb: 5.1 }],
      },
      txInfo: {
        frequencyHz: 868100000,
        dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125000 },
        codingRate: '4/5',
      },
    });
    expect(frame.rxInfo.gpsTimeMs).toBeUndefined();
  });

  it('maps tmms, CRC states, board and fine timestamp', () => {
    const frame = rxpkToUplinkFrame(
      { ...baseRxpk, tmms: 1_300_000_000_123, stat: -1, brd: 3, ftime: 500, foff: -12 },
      EUI,
    );
    expect(frame.rxInfo).toMatchObject({
      gpsTimeMs: 1_300_000_000_123,
      crcStatus: 'bad',
      board: 3,
    });
    expect(frame.rxInfo.antennas[0]).toMatchObject({
      fineTimestampNs: 500,
      frequencyOffsetHz: -12,
    });
    expect(rxpkToUplinkFrame({ ...baseRxpk, stat: 0 }, EUI).rxInfo.crcStatus).toBe('none');
    expect(rxpkToUplinkFrame({ ...baseRxpk, time: undefined }, EUI).rxInfo.timeMs).toBeUndefined();
  });

  it('maps FSK (no SNR reported -> 0) and LR-FHSS data rates', () => {
    const fsk = rxpkToUplinkFrame(
      { ...baseRxpk, modu: 'FSK', datr: 50000, lsnr: undefined, codr: undefined },
      EUI,
    );
    expect(fsk.txInfo).toMatchObject({ dataRate: { modulation: 'FSK', bitrateBps: 50000 } });
    expect(fsk.rxInfo.snrDb).toBe(0);
    const lr = rxpkToUplinkFrame(
      { ...baseRxpk, modu: 'LR-FHSS', datr: 'M0CW137', codr: '2/3' },
      EUI,
    );
    expect(lr.txInfo.dataRate).toEqual({
      modulation: 'LR-FHSS',
      codingRate: '2/3',
      occupiedChannelWidthHz: 137000,
    });
  });

  it('rsig: the frame takes the best antenna (by SNR, then RSSI) and keeps all antennas', () => {
    const rxpk = parseRxpk({
      tmst: 1,
      freq: 868.3,
      stat: 1,
      modu: 'LORA',
      datr: 'SF9BW125',
      codr: '4/5',
      size: 4,
      data: 'AQIDBA',
      rsig: [
        { ant: 0, chan: 1, rssic: -90, lsnr: 2 },
        { ant: 1, chan: 1, rssic: -95, lsnr: 7.5, ftime: 999 },
        { ant: 2, chan: 1, rssic: -80, lsnr: 7.5 },
        { ant: 3, chan: 1, rssic: -70 },
      ],
    });
    const frame = rxpkToUplinkFrame(rxpk, EUI);
    expect(frame.rxInfo).toMatchObject({ rssiDbm: -80, snrDb: 7.5, channel: 1, rfChain: 0 });
    expect(frame.rxInfo.antennas).toEqual([
      { antenna: 0, channel: 1, rssiDbm: -90, snrDb: 2 },
      { antenna: 1, channel: 1, rssiDbm: -95, snrDb: 7.5, fineTimestampNs: 999 },
      { antenna: 2, channel: 1, rssiDbm: -80, snrDb: 7.5 },
      { antenna: 3, channel: 1, rssiDbm: -70 },
    ]);
  });

  it('throws UdpDecodeError for a hand-built rxpk that skipped validation', () => {
    expect(() => rxpkToUplinkFrame({ ...baseRxpk, datr: 'SF99BW1' }, EUI)).toThrow(UdpDecodeError);
    expect(() => rxpkToUplinkFrame({ ...baseRxpk, datr: 125 }, EUI)).toThrow(UdpDecodeError);
  });

  it('reads what a forwarder leaves out as the peers do: signal 0, channel 0, no time', () => {
    const bare: Rxpk = { tmst: 7, freq: 902.3, modu: 'LORA', datr: 'SF10BW125', data: 'AQIDBA==' };
    const frame = rxpkToUplinkFrame(bare, EUI);
    expect(frame.rxInfo).toMatchObject({
      rssiDbm: 0,
      snrDb: 0,
      channel: 0,
      rfChain: 0,
      crcStatus: 'none',
      timeMs: undefined,
    });
    expect(frame.txInfo).toMatchObject({ frequencyHz: 902_300_000, codingRate: undefined });
    expect(rxpkToUplinkFrame({ ...baseRxpk, time: 'then' }, EUI).rxInfo.timeMs).toBeUndefined();
  });

  const uplinkVectors = loadLorawanVectors().data_frames.filter((v) => v.direction === 'uplink');

  it.each(uplinkVectors)('$id ($source): PHYPayload survives rxpk base64 -> UplinkFrame', (v) => {
    const phy = hexField(v, 'phy_payload_hex');
    const rxpk = parseRxpk({ ...baseRxpk, size: phy.length, data: phy.toString('base64') });
    expect(rxpkToUplinkFrame(rxpk, EUI).phyPayload).toEqual(phy);
  });

  it('uplinkFrameToRxpk is the inverse (single antenna and rsig)', () => {
    const single = rxpkToUplinkFrame({ ...baseRxpk, tmms: 5, brd: 1 }, EUI);
    const back = parseRxpk(JSON.parse(JSON.stringify(uplinkFrameToRxpk(single))));
    expect(rxpkToUplinkFrame(back, EUI)).toEqual(single);
    expect(back.time).toBe('2013-03-31T16:21:17.528Z');

    const multi: UplinkFrame = {
      ...single,
      rxInfo: {
        ...single.rxInfo,
        rssiDbm: -60,
        snrDb: 9,
        channel: 4,
        antennas: [
          { antenna: 0, channel: 4, rssiDbm: -70, snrDb: 3 },
          { antenna: 1, channel: 4, rssiDbm: -60, snrDb: 9, fineTimestampNs: 12 },
        ],
      },
    };
    const rxpk = parseRxpk(JSON.parse(JSON.stringify(uplinkFrameToRxpk(multi))));
    expect(rxpk.rsig).toHaveLength(2);
    expect(rxpkToUplinkFrame(rxpk, EUI)).toEqual(multi);
  });

  it('uplinkFrameToRxpk refuses values the wire cannot carry', () => {
    const frame = rxpkToUplinkFrame(baseRxpk, EUI);
    expect(() => uplinkFrameToRxpk({ ...frame, phyPayload: Buffer.alloc(256) })).toThrow(
      UdpEncodeError,
    );
    expect(() =>
      uplinkFrameToRxpk({ ...frame, txInfo: { ...frame.txInfo, frequencyHz: 868.1 } }),
    ).toThrow(UdpEncodeError);
  });
});

describe('gateway stats', () => {
  it('maps the PROTOCOL.TXT §4 stat example and the sx1302 temp', () => {
    expect(statToGatewayStats({ ...protocolStat, temp: 41.5 })).toEqual({
      timeMs: Date.UTC(2014, 0, 12, 8, 59, 28),
      location: { lat: 46.24, lon: 3.2523, alt: 145 },
      rxReceived: 2,
      rxOk: 2,
      rxForwarded: 2,
      ackRatioPct: 100,
      downlinkReceived: 2,
      txEmitted: 2,
      temperatureC: 41.5,
    });
  });

  it('absent counters read 0, no location without lati/long, unreadable time left out', () => {
    const stats = statToGatewayStats({ time: 'garbage', alti: 10 });
    expect(stats).toEqual({
      rxReceived: 0,
      rxOk: 0,
      rxForwarded: 0,
      ackRatioPct: 0,
      downlinkReceived: 0,
      txEmitted: 0,
    });
    expect(stats.timeMs).toBeUndefined();
    expect(stats.location).toBeUndefined();
  });

  it('gatewayStatsToStat writes the expanded time and round-trips', () => {
    const stats = {
      timeMs: Date.UTC(2024, 5, 1, 2, 3, 4),
      location: { lat: 1.5, lon: -2.25, alt: 30 },
      rxReceived: 10,
      rxOk: 9,
      rxForwarded: 8,
      ackRatioPct: 97.5,
      downlinkReceived: 3,
      txEmitted: 2,
      temperatureC: 55,
    };
    const stat = gatewayStatsToStat(stats);
    expect(stat.time).toBe('2024-06-01 02:03:04 GMT');
    expect(statToGatewayStats(stat)).toEqual(stats);
  });
});

describe('downlinkFrameToTxpk', () => {
  const frame: DownlinkFrame = {
    gatewayEui: EUI,
    phyPayload: Buffer.from('60f17dbe4920020001', 'hex'),
    timing: { kind: 'timestamp', timestampUs: 3513348611 },
    frequencyHz: 868100000,
    dataRate: lora(7),
    codingRate: '4/5',
    txPowerDbm: 14,
    rfChain: 0,
    polarizationInversion: true,
  };

  it('maps a class A (tmst) LoRa downlink with exact decimals', () => {
    const txpk = downlinkFrameToTxpk(frame);
    expect(txpk).toEqual({
      tmst: 3513348611,
      freq: 868.1,
      rfch: 0,
      powe: 14,
      modu: 'LORA',
      datr: 'SF7BW125',
      codr: '4/5',
      ipol: true,
      size: 9,
      data: 'YPF9vkkgAgAB',
    });
    expect(JSON.stringify({ txpk })).toBe(
      '{"txpk":{"tmst":3513348611,"freq":868.1,"rfch":0,"powe":14,"modu":"LORA",' +
        '"datr":"SF7BW125","codr":"4/5","ipol":true,"size":9,"data":"YPF9vkkgAgAB"}}',
    );
  });

  it('maps immediate (class C) and GPS (class B) timing', () => {
    expect(downlinkFrameToTxpk({ ...frame, timing: { kind: 'immediate' } })).toMatchObject({
      imme: true,
      tmst: undefined,
      tmms: undefined,
    });
    expect(
      downlinkFrameToTxpk({ ...frame, timing: { kind: 'gps', gpsTimeMs: 1_400_000_000_000 } }),
    ).toMatchObject({
      imme: undefined,
      tmst: undefined,
      tmms: 1_400_000_000_000,
    });
  });

  it('fills the forwarder-mandatory defaults: rfch 0, LoRa codr 4/5, FSK fdev = bitrate/2', () => {
    const bare = downlinkFrameToTxpk({ ...frame, rfChain: undefined, codingRate: undefined });
    expect(bare).toMatchObject({ rfch: 0, codr: '4/5' });
    const fsk = downlinkFrameToTxpk({
      ...frame,
      dataRate: { modulation: 'FSK', bitrateBps: 50000 },
      codingRate: undefined,
    });
    expect(fsk).toMatchObject({ modu: 'FSK', datr: 50000, fdev: 25000, codr: undefined });
    expect(
      downlinkFrameToTxpk({
        ...frame,
        dataRate: { modulation: 'FSK', bitrateBps: 50000 },
        fskDeviationHz: 3000,
      }).fdev,
    ).toBe(3000);
  });

  it('rounds power down to whole dBm and passes optional fields', () => {
    const txpk = downlinkFrameToTxpk({
      ...frame,
      txPowerDbm: 13.9,
      preambleLength: 8,
      noCrc: true,
      board: 1,
      antenna: 2,
      polarizationInversion: false,
    });
    expect(txpk).toMatchObject({ powe: 13, prea: 8, ncrc: true, brd: 1, ant: 2, ipol: false });
    expect(downlinkFrameToTxpk({ ...frame, noCrc: false }).ncrc).toBeUndefined();
  });

  it.each<[string, Partial<DownlinkFrame>]>([
    ['fractional frequency', { frequencyHz: 868100000.5 }],
    ['zero frequency', { frequencyHz: 0 }],
    ['tmst above 2^32-1', { timing: { kind: 'timestamp', timestampUs: 2 ** 32 } }],
    ['negative tmst', { timing: { kind: 'timestamp', timestampUs: -1 } }],
    ['fractional gps time', { timing: { kind: 'gps', gpsTimeMs: 1.5 } }],
    ['NaN power', { txPowerDbm: NaN }],
    ['power above int8', { txPowerDbm: 128 }],
    ['payload over 255 bytes', { phyPayload: Buffer.alloc(256) }],
    ['SF13', { dataRate: lora(13) }],
    ['BW 62.5 kHz', { dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 62500 } }],
    ['fractional FSK bit rate', { dataRate: { modulation: 'FSK', bitrateBps: 1.5 } }],
    [
      'LR-FHSS',
      { dataRate: { modulation: 'LR-FHSS', codingRate: '1/3', occupiedChannelWidthHz: 137000 } },
    ],
    ['rf chain 256', { rfChain: 256 }],
    ['negative preamble', { preambleLength: -1 }],
  ])('refuses %s with UDP_INVALID_VALUE', (_name, patch) => {
    let caught: unknown;
    try {
      downlinkFrameToTxpk({ ...frame, ...patch });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UdpEncodeError);
    expect((caught as UdpEncodeError).code).toBe('UDP_INVALID_VALUE');
  });

  it('txpkToDownlinkFrame is the inverse, through a PULL_RESP datagram', () => {
    const frames: DownlinkFrame[] = [
      frame,
      { ...frame, timing: { kind: 'immediate' }, frequencyHz: 869525000, dataRate: lora(12) },
      {
        ...frame,
        timing: { kind: 'gps', gpsTimeMs: 1_400_000_000_000 },
        preambleLength: 10,
        noCrc: true,
      },
      {
        ...frame,
        dataRate: { modulation: 'FSK', bitrateBps: 50000 },
        codingRate: undefined,
        fskDeviationHz: 25000,
        board: 0,
        antenna: 1,
      },
    ];
    for (const f of frames) {
      const bytes = encodePacket({
        type: 'PULL_RESP',
        version: 2,
        token: 9,
        txpk: downlinkFrameToTxpk(f),
      });
      const p = decodePacket(bytes);
      if (p.type !== 'PULL_RESP') throw new Error('type');
      expect(txpkToDownlinkFrame(p.txpk, EUI)).toEqual(f);
    }
  });

  it('txpkToDownlinkFrame reads forwarder defaults (powe 0, ipol false) and prefers imme', () => {
    const txpk: Txpk = parseTxpk({
      imme: true,
      tmst: 5,
      freq: 861.3,
      modu: 'FSK',
      datr: 50000,
      fdev: 3000,
      size: 32,
      data: 'H3P3N2i9qc4yt7rK7ldqoeCVJGBybzPY5h1Dd7P7p8v',
    });
    expect(txpkToDownlinkFrame(txpk, EUI)).toMatchObject({
      timing: { kind: 'immediate' },
      frequencyHz: 861300000,
      txPowerDbm: 0,
      polarizationInversion: false,
      fskDeviationHz: 3000,
    });
    expect(txpkToDownlinkFrame({ ...txpk, imme: false }, EUI).timing).toEqual({
      kind: 'timestamp',
      timestampUs: 5,
    });
    expect(() => txpkToDownlinkFrame({ ...txpk, imme: undefined, tmst: undefined }, EUI)).toThrow(
      UdpDecodeError,
    );
  });
});
