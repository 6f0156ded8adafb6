/** RXParamSetupReq / RXParamSetupAns: RX1 data-rate offset and the RX2 slot [L2 1.0.4 §5.4]. */
import { MacCid } from './cid.js';
import {
  checkInt,
  defineCodec,
  octet,
  readFrequency,
  writeFrequency,
  defineStatusAnsCodec,
} from './codec-kit.js';

/** Downlink: new RX1DROffset, RX2 data rate and RX2 frequency. */
export interface RxParamSetupReq {
  readonly name: 'RXParamSetupReq';
  /** RX1DROffset 0..7 (region-specific meaning). */
  readonly rx1DrOffset: number;
  /** RX2 DataRate index 0..15. */
  readonly rx2DataRate: number;
  /** RX2 frequency in Hz, a multiple of 100 Hz (sent as 24-bit count of 100 Hz). */
  readonly frequencyHz: number;
}

/** Uplink answer: one ack bit per field. */
export interface RxParamSetupAns {
  readonly name: 'RXParamSetupAns';
  readonly rx1DrOffsetAck: boolean;
  readonly rx2DataRateAck: boolean;
  readonly channelAck: boolean;
}

export const rxParamSetupReqCodec = defineCodec<RxParamSetupReq>(
  'RXParamSetupReq',
  MacCid.RxParamSetup,
  'down',
  (p) => {
    const dlSettings = octet(p, 0);
    return {
      name: 'RXParamSetupReq',
      // Bit 7 of DLSettings is RFU and ignored.
      rx1DrOffset: (dlSettings >> 4) & 0x07,
      rx2DataRate: dlSettings & 0x0f,
      frequencyHz: readFrequency(p, 1),
    };
  },
  (cmd, out) => {
    const rx1DrOffset = checkInt(cmd.name, 'rx1DrOffset', cmd.rx1DrOffset, 0, 7);
    out[0] = (rx1DrOffset << 4) | checkInt(cmd.name, 'rx2DataRate', cmd.rx2DataRate, 0, 15);
    writeFrequency(cmd.name, cmd.frequencyHz, out, 1);
  },
);

export const rxParamSetupAnsCodec = defineStatusAnsCodec<RxParamSetupAns>(
  'RXParamSetupAns',
  MacCid.RxParamSetup,
  {
    rx1DrOffsetAck: 2,
    rx2DataRateAck: 1,
    channelAck: 0,
  },
);
