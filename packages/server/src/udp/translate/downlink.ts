/** DownlinkFrame <-> `txpk` [GWMP §4]: timing (immediate, tmst, GPS time), power, data rate. */
import type { Eui64 } from '../../shared/ids.js';
import type { DownlinkFrame, DownlinkTiming } from '../../shared/radio.js';
import { UdpDecodeError } from '../errors.js';
import type { Txpk } from '../json.js';
import {
  U32,
  mhzToHz,
  hzToMhz,
  gwmpDataRate,
  encodeError,
  checkFrequencyHz,
  checkPhyPayload,
  datrOf,
} from './common.js';

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
