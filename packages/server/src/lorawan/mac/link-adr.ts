/** LinkADRReq / LinkADRAns: the network sets data rate, power, channels, NbTrans [L2 1.0.4 §5.2]. */
import { MacCid } from './cid.js';
import { bit, checkInt, defineCodec, octet, defineStatusAnsCodec } from './codec-kit.js';

/** Downlink: rate adaptation request. */
export interface LinkAdrReq {
  readonly name: 'LinkADRReq';
  /** Region DataRate index 0..15; 15 = keep the current data rate [L2 1.0.4 §5.2.1]. */
  readonly dataRate: number;
  /** Region TXPower index 0..15; 15 = keep the current power. */
  readonly txPower: number;
  /** 16-bit ChMask as a number: bit i set = channel i of the `chMaskCntl` block usable. */
  readonly chMask: number;
  /** ChMaskCntl 0..7: which block of 16 channels `chMask` applies to (region-specific). */
  readonly chMaskCntl: number;
  /** NbTrans 0..15: transmissions per unconfirmed uplink; 0 = device keeps its default. */
  readonly nbTrans: number;
}

/** Uplink answer: one ack bit per field of the LinkADRReq block. */
export interface LinkAdrAns {
  readonly name: 'LinkADRAns';
  readonly powerAck: boolean;
  readonly dataRateAck: boolean;
  readonly channelMaskAck: boolean;
}

export const linkAdrReqCodec = defineCodec<LinkAdrReq>(
  'LinkADRReq',
  MacCid.LinkAdr,
  'down',
  (p) => {
    const drTx = octet(p, 0);
    const redundancy = octet(p, 3);
    return {
      name: 'LinkADRReq',
      dataRate: drTx >> 4,
      txPower: drTx & 0x0f,
      chMask: octet(p, 1) | (octet(p, 2) << 8),
      // Bit 7 of Redundancy is RFU and ignored.
      chMaskCntl: (redundancy >> 4) & 0x07,
      nbTrans: redundancy & 0x0f,
    };
  },
  (cmd, out) => {
    const dataRate = checkInt(cmd.name, 'dataRate', cmd.dataRate, 0, 15);
    const txPower = checkInt(cmd.name, 'txPower', cmd.txPower, 0, 15);
    out[0] = (dataRate << 4) | txPower;
    out.writeUInt16LE(checkInt(cmd.name, 'chMask', cmd.chMask, 0, 0xffff), 1);
    const chMaskCntl = checkInt(cmd.name, 'chMaskCntl', cmd.chMaskCntl, 0, 7);
    out[3] = (chMaskCntl << 4) | checkInt(cmd.name, 'nbTrans', cmd.nbTrans, 0, 15);
  },
);

export const linkAdrAnsCodec = defineStatusAnsCodec<LinkAdrAns>('LinkADRAns', MacCid.LinkAdr, {
  powerAck: 2,
  dataRateAck: 1,
  channelMaskAck: 0,
});

/** Channel indexes (0-based, within the ChMaskCntl block) whose ChMask bit is set. */
export function chMaskChannels(chMask: number): number[] {
  const channels: number[] = [];
  for (let i = 0; i < 16; i++) if (bit(chMask, i)) channels.push(i);
  return channels;
}

/** The ChMask value enabling exactly these 0-based channel indexes (each 0..15). */
export function chMaskFromChannels(channels: Iterable<number>): number {
  let chMask = 0;
  for (const ch of channels) chMask |= 1 << checkInt('ChMask', 'channel', ch, 0, 15);
  return chMask;
}
