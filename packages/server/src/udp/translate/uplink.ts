/** `rxpk` <-> UplinkFrame [GWMP §3]: MHz -> Hz, per-antenna signal, CRC status. */
import type { Eui64 } from '../../shared/ids.js';
import type { CrcStatus, RxAntenna, UplinkFrame } from '../../shared/radio.js';
import { parseCompactTimeMs } from '../json.js';
import type { Rxpk, RxpkCrcStat, RxpkRsig } from '../json.js';
import {
  mhzToHz,
  hzToMhz,
  gwmpDataRate,
  checkFrequencyHz,
  checkPhyPayload,
  datrOf,
} from './common.js';

function crcStatus(stat: RxpkCrcStat | undefined): CrcStatus {
  return stat === 1 ? 'ok' : stat === -1 ? 'bad' : 'none';
}

function crcStat(status: CrcStatus): RxpkCrcStat {
  return status === 'ok' ? 1 : status === 'bad' ? -1 : 0;
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

/**
 * One rxpk as an UplinkFrame. With `rsig` (multi-antenna gateways) the frame's RSSI, SNR
 * and channel are the best antenna's and all antennas are kept. Signal values a forwarder
 * leaves out read 0 (FSK has no SNR at all), as ChirpStack and The Things Stack read them; a
 * missing channel or RF chain reads 0 too. The data rate stays a modulation: which region's DR index it is depends on the
 * device, known only to the network server.
 */
export function rxpkToUplinkFrame(rxpk: Rxpk, gatewayEui: Eui64): UplinkFrame {
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
    best = {
      antenna: 0,
      channel: rxpk.chan ?? 0,
      rssiDbm: rxpk.rssi ?? 0,
      snrDb: rxpk.lsnr,
      fineTimestampNs: rxpk.ftime,
      frequencyOffsetHz: rxpk.foff,
    };
    antennas = [best];
  }

  // An unreadable time is informative data lost, not a reason to drop the uplink.
  const timeMs = rxpk.time === undefined ? undefined : parseCompactTimeMs(rxpk.time);

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
      codingRate: rxpk.codr,
    },
  };
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
