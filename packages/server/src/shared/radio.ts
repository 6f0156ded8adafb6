/**
 * Radio-level uplink and downlink frames as the network server sees them. udp/translate.ts
 * is the only code that maps these to and from Semtech GWMP field names.
 */
import type { Eui64 } from './ids.js';

export type DataRate =
  | { readonly modulation: 'LORA'; readonly spreadingFactor: number; readonly bandwidthHz: number }
  | { readonly modulation: 'FSK'; readonly bitrateBps: number }
  | {
      readonly modulation: 'LR-FHSS';
      readonly codingRate: string;
      readonly occupiedChannelWidthHz: number;
    };

export type CrcStatus = 'ok' | 'bad' | 'none';

/** One antenna's view of an uplink (multi-antenna gateways report several). */
export interface RxAntenna {
  readonly antenna: number;
  readonly channel: number;
  readonly rssiDbm: number;
  readonly snrDb?: number;
  readonly fineTimestampNs?: number;
  readonly frequencyOffsetHz?: number;
}

export interface UplinkRxInfo {
  readonly gatewayEui: Eui64;
  /** Concentrator counter at end of reception, µs, wraps at 2^32; RX windows are timed on it. */
  readonly timestampUs: number;
  /** UTC reception time in ms since the Unix epoch, when the gateway has a time reference. */
  readonly timeMs?: number;
  /** GPS time of reception in ms since the GPS epoch. */
  readonly gpsTimeMs?: number;
  readonly rssiDbm: number;
  readonly snrDb: number;
  readonly channel: number;
  readonly rfChain: number;
  readonly crcStatus: CrcStatus;
  readonly board?: number;
  readonly antennas: readonly RxAntenna[];
}

export interface UplinkTxInfo {
  readonly frequencyHz: number;
  /**
   * The modulation as the gateway heard it. No region DR index rides along: the same SF/BW is
   * DR2 in EU868 and DR0 in US915, so ns reads the index with the device profile's region.
   */
  readonly dataRate: DataRate;
  readonly codingRate?: string;
}

export interface UplinkFrame {
  readonly phyPayload: Buffer;
  readonly rxInfo: UplinkRxInfo;
  readonly txInfo: UplinkTxInfo;
}

export type DownlinkTiming =
  | { readonly kind: 'immediate' }
  /** Concentrator counter value (µs, wraps at 2^32) at which to start transmitting. */
  | { readonly kind: 'timestamp'; readonly timestampUs: number }
  | { readonly kind: 'gps'; readonly gpsTimeMs: number };

export interface DownlinkFrame {
  readonly gatewayEui: Eui64;
  readonly phyPayload: Buffer;
  readonly timing: DownlinkTiming;
  readonly frequencyHz: number;
  readonly dataRate: DataRate;
  readonly codingRate?: string;
  readonly txPowerDbm: number;
  readonly rfChain?: number;
  /** LoRaWAN downlinks to devices invert IQ; gateway-to-gateway or test traffic may not. */
  readonly polarizationInversion: boolean;
  readonly preambleLength?: number;
  readonly fskDeviationHz?: number;
  readonly noCrc?: boolean;
  readonly board?: number;
  readonly antenna?: number;
  /**
   * The device the frame is for, when known. A LoRa Basics Station names it in `dnmsg` and
   * reports the transmission (`dntxed`) only when it is given.
   */
  readonly devEui?: Eui64;
  /**
   * This node's wall-clock ms at which the receive window opens (class A). A gateway that
   * confirms a frame only once it is on air (Basics Station `dntxed`) is waited for until then,
   * also across the cluster relay.
   */
  readonly windowOpensMs?: number;
}

/** Gateway status report, from a PUSH_DATA `stat` object. */
export interface GatewayStats {
  readonly timeMs?: number;
  readonly location?: { readonly lat: number; readonly lon: number; readonly alt: number };
  readonly rxReceived: number;
  readonly rxOk: number;
  readonly rxForwarded: number;
  readonly ackRatioPct: number;
  readonly downlinkReceived: number;
  readonly txEmitted: number;
  readonly temperatureC?: number;
}

/**
 * The GWMP `datr` spelling of a data rate, as operators read it in frames and integration
 * events: "SF7BW125", "50000" (FSK bit/s), "M0CW137" (LR-FHSS).
 */
export function dataRateName(dataRate: DataRate): string {
  switch (dataRate.modulation) {
    case 'LORA':
      return `SF${dataRate.spreadingFactor}BW${dataRate.bandwidthHz / 1000}`;
    case 'FSK':
      return String(dataRate.bitrateBps);
    case 'LR-FHSS':
      return `M0CW${Math.round(dataRate.occupiedChannelWidthHz / 1000)}`;
  }
}

/** MHz as SPEC's JSON writes `freq` (frames, integration events), from Hz. */
export function mhzOf(frequencyHz: number): number {
  return frequencyHz / 1e6;
}
