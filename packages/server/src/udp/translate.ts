/**
 * GWMP JSON <-> the radio frames the network server works with (shared/radio.ts). The only
 * place outside json.ts that knows GWMP field names; units change here (MHz -> Hz, ...).
 */
import type { Region } from '../lorawan/index.js';
import type { Eui64 } from '../shared/ids.js';
import type {
  CrcStatus,
  DataRate,
  DownlinkFrame,
  DownlinkTiming,
  GatewayStats,
  RxAntenna,
  UplinkFrame,
} from '../shared/radio.js';
import { UdpDecodeError, UdpEncodeError } from './errors.js';
import { parseCompactTimeMs, parseLoraDatr, parseLrFhssDatr, parseStatTimeMs } from './json.js';
import type { Rxpk, RxpkCrcStat, RxpkRsig, Stat, Txpk } from './json.js';

const U32 = 0xffffffff;
const MAX_PHY_SIZE = 255;

// ---------------------------------------------------------------------------------------------
// Units

/** MHz float as sent by gateways (`%.6f`) -> integer Hz; rounds so 868.1 gives 868100000. */
export function mhzToHz(mhz: number): number {
  return Math.round(mhz * 1e6);
}

/**
 * Integer Hz -> MHz for a txpk. The quotient prints as the exact decimal (868.1). The
 * reference forwarder truncates `freq * 1e6` to an integer, so when that product falls a
 * hair below the Hz value, the next double up is sent instead [GWMP §4]; see QUIRKS.md.
 */
export function hzToMhz(hz: number): number {
  const mhz = hz / 1e6;
  if (Math.trunc(mhz * 1e6) >= hz) return mhz;
  const f = new Float64Array([mhz]);
  const bits = new BigUint64Array(f.buffer);
  bits[0] = bits[0]! + 1n;
  return f[0]!;
}

// ---------------------------------------------------------------------------------------------
// Uplink

function decodeError(field: string, expected: string): UdpDecodeError {
  return new UdpDecodeError('UDP_INVALID_FIELD', 'invalid field', { field, expected });
}

function crcStatus(stat: RxpkCrcStat): CrcStatus {
  return stat === 1 ? 'ok' : stat === -1 ? 'bad' : 'none';
}

function crcStat(status: CrcStatus): RxpkCrcStat {
  return status === 'ok' ? 1 : status === 'bad' ? -1 : 0;
}

/** The data rate an rxpk/txpk names by `modu` + `datr` (+ `codr` for LR-FHSS). */
export function gwmpDataRate(
  modu: Rxpk['modu'],
  datr: string | number,
  codr: string | undefined,
): DataRate {
  if (modu === 'FSK') {
    if (typeof datr !== 'number') throw decodeError('datr', 'fsk bit rate integer');
    return { modulation: 'FSK', bitrateBps: datr };
  }
  if (typeof datr === 'string') {
    if (modu === 'LORA') {
      const lora = parseLoraDatr(datr);
      if (lora !== undefined) return { modulation: 'LORA', ...lora };
    } else {
      const width = parseLrFhssDatr(datr);
      if (width !== undefined && codr !== undefined) {
        return { modulation: 'LR-FHSS', codingRate: codr, occupiedChannelWidthHz: width };
      }
    }
  }
  throw decodeError('datr', `${modu} data rate`);
}

function antennaOf(r: RxpkRsig): RxAntenna {
  return {
    antenna: r.ant,
    channel: r.chan,
    rssiDbm: r.rssic,
    snrDb: r.lsnr,
    fineTimestampNs: r.ftime,
    frequencyOffsetHz: r.foff,
  };
}

/** Better antenna first by SNR (LoRa demodulation margin), then by RSSI. */
function isBetter(a: RxAntenna, b: RxAntenna): boolean {
  const snrA = a.snrDb ?? -Infinity;
  const snrB = b.snrDb ?? -Infinity;
  return snrA !== snrB ? snrA > snrB : a.rssiDbm > b.rssiDbm;
}

/** The part of a Region that uplink translation needs (any full `Region` fits). */
export type UplinkDataRateResolver = Pick<Region, 'uplinkDataRateIndex'>;

/**
 * One rxpk as an UplinkFrame. With `rsig` (multi-antenna gateways) the frame's RSSI, SNR
 * and channel are the best antenna's and all antennas are kept; FSK uplinks carry no SNR
 * and report 0. `region` resolves `dataRateIndex`.
 */
export function rxpkToUplinkFrame(
  rxpk: Rxpk,
  gatewayEui: Eui64,
  region?: UplinkDataRateResolver,
): UplinkFrame {
  const dataRate = gwmpDataRate(rxpk.modu, rxpk.datr, rxpk.codr);
  let antennas: RxAntenna[];
  let best: RxAntenna;
  const rsig = rxpk.rsig;
  if (rsig !== undefined && rsig.length > 0) {
    antennas = new Array<RxAntenna>(rsig.length);
    best = antennas[0] = antennaOf(rsig[0]!);
    for (let i = 1; i < rsig.length; i++) {
      const a = (antennas[i] = antennaOf(rsig[i]!));
      if (isBetter(a, best)) best = a;
    }
  } else {
    if (rxpk.rssi === undefined) {
      throw new UdpDecodeError('UDP_MISSING_FIELD', 'missing field', { field: 'rssi' });
    }
    best = {
      antenna: 0,
      channel: rxpk.chan ?? 0,
      rssiDbm: rxpk.rssi,
      snrDb: rxpk.lsnr,
      fineTimestampNs: rxpk.ftime,
      frequencyOffsetHz: rxpk.foff,
    };
    antennas = [best];
  }

  let timeMs: number | undefined;
  if (rxpk.time !== undefined) {
    timeMs = parseCompactTimeMs(rxpk.time);
    if (timeMs === undefined) throw decodeError('time', 'iso 8601 time');
  }

  return {
    phyPayload: Buffer.from(rxpk.data, 'base64'),
    rxInfo: {
      gatewayEui,
      timestampUs: rxpk.tmst,
      timeMs,
      gpsTimeMs: rxpk.tmms,
      rssiDbm: best.rssiDbm,
      snrDb: best.snrDb ?? 0,
      channel: best.channel,
      rfChain: rxpk.rfch ?? 0,
      crcStatus: crcStatus(rxpk.stat),
      board: rxpk.brd,
      antennas,
    },
    txInfo: {
      frequencyHz: mhzToHz(rxpk.freq),
      dataRate,
      dataRateIndex: region?.uplinkDataRateIndex(dataRate),
      codingRate: rxpk.codr,
    },
  };
}

function encodeError(message: string, field: string, value: unknown): UdpEncodeError {
  return new UdpEncodeError(message, {
    field,
    value: typeof value === 'number' || typeof value === 'string' ? value : String(value),
  });
}

function checkFrequencyHz(hz: number): void {
  if (!Number.isSafeInteger(hz) || hz <= 0) {
    throw encodeError('invalid frequency', 'frequencyHz', hz);
  }
}

function checkPhyPayload(payload: Buffer): void {
  if (payload.length > MAX_PHY_SIZE) {
    throw encodeError('phy payload too long', 'phyPayload', payload.length);
  }
}

function datrOf(dataRate: DataRate): string | number {
  switch (dataRate.modulation) {
    case 'LORA': {
      const { spreadingFactor: sf, bandwidthHz: bw } = dataRate;
      const datr = `SF${sf}BW${bw / 1000}`;
      if (parseLoraDatr(datr) === undefined) {
        throw encodeError('invalid data rate', 'dataRate', datr);
      }
      return datr;
    }
    case 'FSK':
      if (!Number.isInteger(dataRate.bitrateBps) || dataRate.bitrateBps < 1) {
        throw encodeError('invalid data rate', 'dataRate', dataRate.bitrateBps);
      }
      return dataRate.bitrateBps;
    case 'LR-FHSS': {
      const khz = dataRate.occupiedChannelWidthHz / 1000;
      if (!Number.isInteger(khz) || khz < 1) {
        throw encodeError('invalid data rate', 'dataRate', dataRate.occupiedChannelWidthHz);
      }
      return `M0CW${khz}`;
    }
  }
}

/**
 * An UplinkFrame as an rxpk, for fake gateways and tests. Several antennas (or one that
 * is not antenna 0) are written as `rsig`; the frame values stay at the top level too.
 */
export function uplinkFrameToRxpk(frame: UplinkFrame): Rxpk {
  const { rxInfo, txInfo } = frame;
  checkFrequencyHz(txInfo.frequencyHz);
  checkPhyPayload(frame.phyPayload);
  const { dataRate } = txInfo;
  const antennas = rxInfo.antennas;
  const useRsig = antennas.length > 1 || (antennas.length === 1 && antennas[0]!.antenna !== 0);
  return {
    time: rxInfo.timeMs === undefined ? undefined : new Date(rxInfo.timeMs).toISOString(),
    tmms: rxInfo.gpsTimeMs,
    tmst: rxInfo.timestampUs,
    freq: hzToMhz(txInfo.frequencyHz),
    chan: rxInfo.channel,
    rfch: rxInfo.rfChain,
    stat: crcStat(rxInfo.crcStatus),
    modu: dataRate.modulation,
    datr: datrOf(dataRate),
    codr: dataRate.modulation === 'LR-FHSS' ? dataRate.codingRate : txInfo.codingRate,
    rssi: rxInfo.rssiDbm,
    lsnr: dataRate.modulation === 'FSK' ? undefined : rxInfo.snrDb,
    brd: rxInfo.board,
    ftime: useRsig ? undefined : antennas[0]?.fineTimestampNs,
    foff: useRsig ? undefined : antennas[0]?.frequencyOffsetHz,
    size: frame.phyPayload.length,
    data: frame.phyPayload.toString('base64'),
    rsig: useRsig
      ? antennas.map((a) => ({
          ant: a.antenna,
          chan: a.channel,
          rssic: a.rssiDbm,
          lsnr: a.snrDb,
          ftime: a.fineTimestampNs,
          foff: a.frequencyOffsetHz,
        }))
      : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Gateway status

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A `stat` object as GatewayStats; absent counters read 0, an unreadable `time` is left out. */
export function statToGatewayStats(stat: Stat): GatewayStats {
  return {
    timeMs: stat.time === undefined ? undefined : parseStatTimeMs(stat.time),
    location:
      stat.lati !== undefined && stat.long !== undefined
        ? { lat: stat.lati, lon: stat.long, alt: stat.alti ?? 0 }
        : undefined,
    rxReceived: stat.rxnb ?? 0,
    rxOk: stat.rxok ?? 0,
    rxForwarded: stat.rxfw ?? 0,
    ackRatioPct: stat.ackr ?? 0,
    downlinkReceived: stat.dwnb ?? 0,
    txEmitted: stat.txnb ?? 0,
    temperatureC: stat.temp,
  };
}

/** GatewayStats as a `stat` object with the reference forwarder's "expanded" time. */
export function gatewayStatsToStat(stats: GatewayStats): Stat {
  let time: string | undefined;
  if (stats.timeMs !== undefined) {
    const d = new Date(stats.timeMs);
    time =
      `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
      `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`;
  }
  return {
    time,
    lati: stats.location?.lat,
    long: stats.location?.lon,
    alti: stats.location?.alt,
    rxnb: stats.rxReceived,
    rxok: stats.rxOk,
    rxfw: stats.rxForwarded,
    ackr: stats.ackRatioPct,
    dwnb: stats.downlinkReceived,
    txnb: stats.txEmitted,
    temp: stats.temperatureC,
  };
}

// ---------------------------------------------------------------------------------------------
// Downlink

function timingFields(timing: DownlinkTiming): Pick<Txpk, 'imme' | 'tmst' | 'tmms'> {
  switch (timing.kind) {
    case 'immediate':
      return { imme: true, tmst: undefined, tmms: undefined };
    case 'timestamp':
      if (
        !Number.isInteger(timing.timestampUs) ||
        timing.timestampUs < 0 ||
        timing.timestampUs > U32
      ) {
        throw encodeError('invalid timestamp', 'timing.timestampUs', timing.timestampUs);
      }
      return { imme: undefined, tmst: timing.timestampUs, tmms: undefined };
    case 'gps':
      if (!Number.isSafeInteger(timing.gpsTimeMs) || timing.gpsTimeMs < 0) {
        throw encodeError('invalid gps time', 'timing.gpsTimeMs', timing.gpsTimeMs);
      }
      return { imme: undefined, tmst: undefined, tmms: timing.gpsTimeMs };
  }
}

function optIntInRange(value: number | undefined, field: string, min: number, max: number) {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw encodeError(`invalid ${field}`, field, value);
  }
  return value;
}

/**
 * A DownlinkFrame as a txpk [GWMP §4]. `rfch` defaults to 0 and LoRa `codr` to 4/5 (both
 * mandatory for the reference forwarder); FSK `fdev` defaults to half the bit rate. Power is
 * rounded down to whole dBm so the EIRP limit holds. Throws UdpEncodeError.
 */
export function downlinkFrameToTxpk(frame: DownlinkFrame): Txpk {
  checkFrequencyHz(frame.frequencyHz);
  checkPhyPayload(frame.phyPayload);
  const { dataRate } = frame;
  if (dataRate.modulation === 'LR-FHSS') {
    throw encodeError('gwmp gateways cannot send lr-fhss', 'dataRate', dataRate.modulation);
  }
  if (!Number.isFinite(frame.txPowerDbm)) {
    throw encodeError('invalid tx power', 'txPowerDbm', frame.txPowerDbm);
  }
  // The reference forwarder casts powe to int8_t.
  const powe = optIntInRange(Math.floor(frame.txPowerDbm), 'txPowerDbm', -128, 127);
  const isLora = dataRate.modulation === 'LORA';
  const datr = datrOf(dataRate);
  return {
    ...timingFields(frame.timing),
    freq: hzToMhz(frame.frequencyHz),
    rfch: optIntInRange(frame.rfChain, 'rfChain', 0, 0xff) ?? 0,
    powe,
    modu: dataRate.modulation,
    datr,
    codr: isLora ? (frame.codingRate ?? '4/5') : undefined,
    fdev: isLora
      ? undefined
      : (optIntInRange(frame.fskDeviationHz, 'fskDeviationHz', 0, U32) ??
        Math.floor((datr as number) / 2)),
    ipol: frame.polarizationInversion,
    prea: optIntInRange(frame.preambleLength, 'preambleLength', 0, 0xffff),
    size: frame.phyPayload.length,
    data: frame.phyPayload.toString('base64'),
    ncrc: frame.noCrc === true ? true : undefined,
    brd: optIntInRange(frame.board, 'board', 0, 0xffff),
    ant: optIntInRange(frame.antenna, 'antenna', 0, 0xffff),
  };
}

/**
 * A txpk as a DownlinkFrame, for fake gateways and tests. `imme` wins over `tmst`, which wins
 * over `tmms`; absent `powe` is 0 and absent `ipol` false, as the reference forwarder reads them.
 */
export function txpkToDownlinkFrame(txpk: Txpk, gatewayEui: Eui64): DownlinkFrame {
  let timing: DownlinkTiming;
  if (txpk.imme === true) timing = { kind: 'immediate' };
  else if (txpk.tmst !== undefined) timing = { kind: 'timestamp', timestampUs: txpk.tmst };
  else if (txpk.tmms !== undefined) timing = { kind: 'gps', gpsTimeMs: txpk.tmms };
  else throw new UdpDecodeError('UDP_MISSING_FIELD', 'missing field', { field: 'tmst' });
  const dataRate = gwmpDataRate(txpk.modu, txpk.datr, txpk.codr);
  return {
    gatewayEui,
    phyPayload: Buffer.from(txpk.data, 'base64'),
    timing,
    frequencyHz: mhzToHz(txpk.freq),
    dataRate,
    codingRate: txpk.codr,
    txPowerDbm: txpk.powe ?? 0,
    rfChain: txpk.rfch,
    polarizationInversion: txpk.ipol ?? false,
    preambleLength: txpk.prea,
    fskDeviationHz: txpk.fdev,
    noCrc: txpk.ncrc,
    board: txpk.brd,
    antenna: txpk.ant,
  };
}
