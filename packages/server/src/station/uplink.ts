/**
 * A Station's uplink message as the UplinkFrame every gateway produces: the PHYPayload rebuilt
 * from the fields `updf` and `jreq` split it into [L2 1.0.4 §4, §6.2.5; all fields
 * little-endian on air], the data rate read from the region's DR table the gateway was
 * configured with (router_config). Pure.
 */
import type { Region } from '../lorawan/index.js';
import type { Eui64 } from '../shared/ids.js';
import type { UplinkFrame } from '../shared/radio.js';
import { StationMessageError } from './errors.js';
import type { UplinkMessage } from './messages.js';

/** LoRa uplinks use coding rate 4/5 [RP002-1.0.4 §2.x.3]. */
const UPLINK_CODING_RATE = '4/5';

function le(value: number | bigint, bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  let v = BigInt(value);
  for (let i = 0; i < bytes; i++) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return buf;
}

/** The frame as the device sent it. */
export function phyPayloadOf(msg: UplinkMessage): Buffer {
  switch (msg.msgtype) {
    case 'updf':
      return Buffer.concat([
        Buffer.of(msg.mhdr),
        le(msg.devAddr, 4),
        Buffer.of(msg.fCtrl),
        le(msg.fCnt, 2),
        msg.fOpts,
        msg.fPort >= 0 ? Buffer.of(msg.fPort) : Buffer.alloc(0),
        msg.frmPayload,
        le(msg.mic, 4),
      ]);
    case 'jreq':
      return Buffer.concat([
        Buffer.of(msg.mhdr),
        le(BigInt(`0x${msg.joinEui}`), 8),
        le(BigInt(`0x${msg.devEui}`), 8),
        le(msg.devNonce, 2),
        le(msg.mic, 4),
      ]);
    case 'propdf':
      return msg.frmPayload;
  }
}

function otherRegion(region: Region, field: string): StationMessageError {
  return new StationMessageError('STATION_OTHER_REGION', 'uplink outside the gateway region', {
    field,
    region: region.commonName,
  });
}

/**
 * The radio time on the 32-bit microsecond counter RX windows are computed on: the low bits
 * of `xtime` (its top bits name the radio session, its low 48 bits count microseconds).
 */
export function timestampUsOf(xtime: bigint): number {
  return Number(xtime & 0xffff_ffffn);
}

/** Throws StationMessageError STATION_OTHER_REGION when DR or Freq are not the region's. */
export function uplinkFrameOf(msg: UplinkMessage, gatewayEui: Eui64, region: Region): UplinkFrame {
  const dr = region.dataRates.get(msg.dr);
  if (dr === undefined || !dr.uplink) throw otherRegion(region, 'DR');
  const { minHz, maxHz } = region.frequencyRangeHz;
  if (msg.frequencyHz < minHz || msg.frequencyHz > maxHz) throw otherRegion(region, 'Freq');
  const up = msg.upinfo;
  return {
    phyPayload: phyPayloadOf(msg),
    rxInfo: {
      gatewayEui,
      timestampUs: timestampUsOf(up.xtime),
      ...(up.rxTimeS !== undefined && up.rxTimeS > 0
        ? { timeMs: Math.round(up.rxTimeS * 1000) }
        : {}),
      ...(up.gpsTimeUs > 0 ? { gpsTimeMs: Math.floor(up.gpsTimeUs / 1000) } : {}),
      rssiDbm: up.rssiDbm,
      snrDb: up.snrDb,
      channel: 0,
      rfChain: 0,
      // A Station forwards only frames whose CRC was good.
      crcStatus: 'ok',
      antennas: [
        {
          antenna: 0,
          channel: 0,
          rssiDbm: up.rssiDbm,
          snrDb: up.snrDb,
          ...(up.fineTimestampNs !== undefined ? { fineTimestampNs: up.fineTimestampNs } : {}),
        },
      ],
    },
    txInfo: {
      frequencyHz: msg.frequencyHz,
      dataRate: dr.dataRate,
      codingRate: UPLINK_CODING_RATE,
    },
  };
}
