/** NewChannelReq / NewChannelAns: create, change or disable an uplink channel [L2 1.0.4 §5.6.1]. */
import { MacCid } from './cid.js';
import {
  checkInt,
  defineCodec,
  octet,
  readFrequency,
  writeFrequency,
  defineStatusAnsCodec,
} from './codec-kit.js';

/**
 * Downlink: defines channel `chIndex`. Only the codec ranges are checked here; whether
 * minDr <= maxDr or the frequency is allowed is the region's business.
 */
export interface NewChannelReq {
  readonly name: 'NewChannelReq';
  /** ChIndex 0..255 (regions define up to 16 channels). */
  readonly chIndex: number;
  /** Channel frequency in Hz, a multiple of 100 Hz; 0 disables the channel. */
  readonly frequencyHz: number;
  /** Highest uplink DataRate index allowed on the channel, 0..15. */
  readonly maxDr: number;
  /** Lowest uplink DataRate index allowed on the channel, 0..15. */
  readonly minDr: number;
}

/** Uplink answer. */
export interface NewChannelAns {
  readonly name: 'NewChannelAns';
  readonly dataRateRangeOk: boolean;
  readonly channelFrequencyOk: boolean;
}

export const newChannelReqCodec = defineCodec<NewChannelReq>(
  'NewChannelReq',
  MacCid.NewChannel,
  'down',
  (p) => {
    const drRange = octet(p, 4);
    return {
      name: 'NewChannelReq',
      chIndex: octet(p, 0),
      frequencyHz: readFrequency(p, 1),
      maxDr: drRange >> 4,
      minDr: drRange & 0x0f,
    };
  },
  (cmd, out) => {
    out[0] = checkInt(cmd.name, 'chIndex', cmd.chIndex, 0, 255);
    writeFrequency(cmd.name, cmd.frequencyHz, out, 1);
    const maxDr = checkInt(cmd.name, 'maxDr', cmd.maxDr, 0, 15);
    out[4] = (maxDr << 4) | checkInt(cmd.name, 'minDr', cmd.minDr, 0, 15);
  },
);

export const newChannelAnsCodec = defineStatusAnsCodec<NewChannelAns>(
  'NewChannelAns',
  MacCid.NewChannel,
  {
    dataRateRangeOk: 1,
    channelFrequencyOk: 0,
  },
);
