/**
 * MAC command identifiers and payload lengths [L2 1.0.4 §5]. A MAC command is one CID octet
 * followed by a payload whose length is implied by the CID *and* the direction: the same CID
 * names a request one way and its answer the other way.
 */

/** Which way a MAC command travels: `up` = end-device to network, `down` = network to device. */
export type MacDirection = 'up' | 'down';

/** CIDs of LoRaWAN 1.0.4 class A MAC commands [L2 1.0.4 §5]. */
export const MacCid = {
  LinkCheck: 0x02,
  LinkAdr: 0x03,
  DutyCycle: 0x04,
  RxParamSetup: 0x05,
  DevStatus: 0x06,
  NewChannel: 0x07,
  RxTimingSetup: 0x08,
  TxParamSetup: 0x09,
  DlChannel: 0x0a,
  DeviceTime: 0x0d,
} as const;

/** A CID this codec knows. */
export type MacCid = (typeof MacCid)[keyof typeof MacCid];

/** Piggybacked MAC commands never exceed 15 octets: FCtrl.FOptsLen is 4 bits [L2 1.0.4 §4.3.1.6]. */
export const MAC_FOPTS_MAX_LENGTH = 15;

/** First CID of the range reserved for proprietary network command extensions [L2 1.0.4 §5]. */
export const PROPRIETARY_CID_MIN = 0x80;

/**
 * Payload octets after the CID, per direction [L2 1.0.4 §5.1-§5.9]. Uplink carries the
 * device's answers plus LinkCheckReq and DeviceTimeReq; downlink the reverse.
 */
export const MAC_PAYLOAD_LENGTH: Readonly<Record<MacDirection, Readonly<Record<MacCid, number>>>> =
  {
    up: {
      [MacCid.LinkCheck]: 0, // LinkCheckReq
      [MacCid.LinkAdr]: 1, // LinkADRAns: Status
      [MacCid.DutyCycle]: 0, // DutyCycleAns
      [MacCid.RxParamSetup]: 1, // RXParamSetupAns: Status
      [MacCid.DevStatus]: 2, // DevStatusAns: Battery, RadioStatus
      [MacCid.NewChannel]: 1, // NewChannelAns: Status
      [MacCid.RxTimingSetup]: 0, // RXTimingSetupAns
      [MacCid.TxParamSetup]: 0, // TxParamSetupAns
      [MacCid.DlChannel]: 1, // DlChannelAns: Status
      [MacCid.DeviceTime]: 0, // DeviceTimeReq
    },
    down: {
      [MacCid.LinkCheck]: 2, // LinkCheckAns: Margin, GwCnt
      [MacCid.LinkAdr]: 4, // LinkADRReq: DataRate_TXPower, ChMask(2), Redundancy
      [MacCid.DutyCycle]: 1, // DutyCycleReq: DutyCyclePL
      [MacCid.RxParamSetup]: 4, // RXParamSetupReq: DLSettings, Frequency(3)
      [MacCid.DevStatus]: 0, // DevStatusReq
      [MacCid.NewChannel]: 5, // NewChannelReq: ChIndex, Freq(3), DrRange
      [MacCid.RxTimingSetup]: 1, // RXTimingSetupReq: Settings
      [MacCid.TxParamSetup]: 1, // TxParamSetupReq: EIRP_DwellTime
      [MacCid.DlChannel]: 4, // DlChannelReq: ChIndex, Freq(3)
      [MacCid.DeviceTime]: 5, // DeviceTimeAns: seconds(4), fractional(1)
    },
  };

/** True if `cid` is one this codec knows (in both directions). */
export function isKnownMacCid(cid: number): cid is MacCid {
  return Object.hasOwn(MAC_PAYLOAD_LENGTH.up, cid);
}

/** Payload length after the CID in that direction, or undefined for an unknown CID. */
export function macPayloadLength(cid: number, direction: MacDirection): number | undefined {
  return isKnownMacCid(cid) ? MAC_PAYLOAD_LENGTH[direction][cid] : undefined;
}
