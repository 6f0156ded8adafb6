/** DlChannelReq / DlChannelAns: move the RX1 downlink frequency of a channel [L2 1.0.4 §5.6.2]. */
import { MacCid } from './cid.js';
import {
  checkInt,
  defineCodec,
  octet,
  readFrequency,
  writeFrequency,
  defineStatusAnsCodec,
} from './codec-kit.js';

/** Downlink: RX1 frequency for uplink channel `chIndex`. */
export interface DlChannelReq {
  readonly name: 'DlChannelReq';
  /** ChIndex 0..255 of an existing uplink channel. */
  readonly chIndex: number;
  /** RX1 downlink frequency in Hz, a multiple of 100 Hz. */
  readonly frequencyHz: number;
}

/** Uplink answer. */
export interface DlChannelAns {
  readonly name: 'DlChannelAns';
  readonly uplinkFrequencyExists: boolean;
  readonly channelFrequencyOk: boolean;
}

export const dlChannelReqCodec = defineCodec<DlChannelReq>(
  'DlChannelReq',
  MacCid.DlChannel,
  'down',
  (p) => ({ name: 'DlChannelReq', chIndex: octet(p, 0), frequencyHz: readFrequency(p, 1) }),
  (cmd, out) => {
    out[0] = checkInt(cmd.name, 'chIndex', cmd.chIndex, 0, 255);
    writeFrequency(cmd.name, cmd.frequencyHz, out, 1);
  },
);

export const dlChannelAnsCodec = defineStatusAnsCodec<DlChannelAns>(
  'DlChannelAns',
  MacCid.DlChannel,
  {
    uplinkFrequencyExists: 1,
    channelFrequencyOk: 0,
  },
);
