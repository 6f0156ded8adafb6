/** Wire-faithful types of the GWMP JSON objects [GWMP §3-5]. */

/** Uplink `modu`: LR-FHSS comes from sx1302_hal-era forwarders [GWMP §3]. */
export type RxpkModulation = 'LORA' | 'FSK' | 'LR-FHSS';
/** Downlink `modu`: GWMP forwarders transmit LoRa or FSK only [GWMP §4]. */
export type TxpkModulation = 'LORA' | 'FSK';
/** CRC status of an uplink: 1 OK, -1 failed, 0 no CRC [GWMP §3]. */
export type RxpkCrcStat = 1 | 0 | -1;

/** Per-antenna signal of multi-antenna / fine-timestamp gateways (Kerlink "rsig" format). */
export interface RxpkRsig {
  readonly ant: number;
  readonly chan: number;
  /** Channel RSSI, dBm: the value comparable to a single-antenna `rssi`. */
  readonly rssic: number;
  readonly rssis?: number | undefined;
  readonly lsnr?: number | undefined;
  /** Encrypted fine timestamp, opaque to the server. */
  readonly etime?: string | undefined;
  readonly ftime?: number | undefined;
  readonly foff?: number | undefined;
}

/**
 * One received radio packet of a PUSH_DATA [GWMP §3]. Only `tmst`, `freq`, `datr` and `data`
 * are required (SPEC "Gateway side"); `modu` is filled in from `datr` when absent.
 */
export interface Rxpk {
  /** Compact ISO 8601; left out when a forwarder sends something unreadable. */
  readonly time?: string | undefined;
  readonly tmms?: number | undefined;
  readonly tmst: number;
  readonly freq: number;
  readonly chan?: number | undefined;
  readonly rfch?: number | undefined;
  /** Absent: no CRC information, read like 0 (the MIC guards the frame). */
  readonly stat?: RxpkCrcStat | undefined;
  readonly modu: RxpkModulation;
  /** LoRa "SF7BW125", LR-FHSS "M0CW137": string; FSK: bit rate as a number. */
  readonly datr: string | number;
  readonly codr?: string | undefined;
  readonly rssi?: number | undefined;
  readonly lsnr?: number | undefined;
  readonly rssis?: number | undefined;
  readonly foff?: number | undefined;
  readonly brd?: number | undefined;
  readonly ftime?: number | undefined;
  readonly hpw?: number | undefined;
  /** As sent: informative only, `data` is the payload (it may disagree; see QUIRKS.md). */
  readonly size?: number | undefined;
  /** PHY payload, base64 (validated; padding optional), at most 255 bytes. */
  readonly data: string;
  readonly rsig?: readonly RxpkRsig[] | undefined;
}

/** Gateway status of a PUSH_DATA [GWMP §3]; every field is optional in the field. */
export interface Stat {
  /** "2014-01-12 08:59:28 GMT" in the reference forwarder; informative only. */
  readonly time?: string | undefined;
  readonly lati?: number | undefined;
  readonly long?: number | undefined;
  readonly alti?: number | undefined;
  readonly rxnb?: number | undefined;
  readonly rxok?: number | undefined;
  readonly rxfw?: number | undefined;
  readonly ackr?: number | undefined;
  readonly dwnb?: number | undefined;
  readonly txnb?: number | undefined;
  /** Concentrator temperature, °C (sx1302_hal). */
  readonly temp?: number | undefined;
}

/** A downlink of a PULL_RESP [GWMP §4]; one of `imme:true`, `tmst`, `tmms` is required. */
export interface Txpk {
  readonly imme?: boolean | undefined;
  readonly tmst?: number | undefined;
  readonly tmms?: number | undefined;
  readonly freq: number;
  readonly rfch?: number | undefined;
  readonly powe?: number | undefined;
  readonly modu: TxpkModulation;
  readonly datr: string | number;
  readonly codr?: string | undefined;
  readonly fdev?: number | undefined;
  readonly ipol?: boolean | undefined;
  readonly prea?: number | undefined;
  readonly size: number;
  readonly data: string;
  readonly ncrc?: boolean | undefined;
  readonly brd?: number | undefined;
  readonly ant?: number | undefined;
}

/** TX_ACK outcome [GWMP §5]; UNKNOWN also stands for any code this version does not know. */
export type TxAckErrorCode =
  | 'NONE'
  | 'TOO_LATE'
  | 'TOO_EARLY'
  | 'COLLISION_PACKET'
  | 'COLLISION_BEACON'
  | 'TX_FREQ'
  | 'TX_POWER'
  | 'GPS_UNLOCKED'
  | 'UNKNOWN';

/** `txpk_ack` object; absent JSON decodes as `{ error: 'NONE' }`. */
export interface TxpkAck {
  readonly error: TxAckErrorCode;
  /** sx1302_hal rev 1.5: non-fatal warning such as "TX_POWER"; the packet is still sent. */
  readonly warn?: string | undefined;
  /** Value that goes with `warn` (the power actually used, for TX_POWER). */
  readonly value?: number | string | undefined;
}

/** PUSH_DATA root object; `rxpk` is empty when the datagram carries only `stat`. */
export interface PushDataBody {
  readonly rxpk: readonly Rxpk[];
  readonly stat?: Stat | undefined;
}
