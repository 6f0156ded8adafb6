import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import { MAC_PAYLOAD_LENGTH, MacCid, isKnownMacCid, macPayloadLength } from './cid.js';
import type { MacDirection } from './cid.js';
import { decodeMacCommands, encodeMacCommands } from './codec.js';
import type { DownlinkMacCommand, MacCommand, UplinkMacCommand } from './commands.js';
import { allMacCommandCodecs, codecByCid, codecByName } from './commands.js';

const directions: MacDirection[] = ['up', 'down'];
const cids = Object.values(MacCid);

describe('codec table', () => {
  it('has exactly one codec per (direction, CID) of LoRaWAN 1.0.4 class A', () => {
    const codecs = allMacCommandCodecs();
    expect(codecs).toHaveLength(20);
    for (const direction of directions) {
      for (const cid of cids) {
        const matching = codecs.filter((c) => c.direction === direction && c.cid === cid);
        expect(matching, `${direction} 0x${cid.toString(16)}`).toHaveLength(1);
        expect(codecByCid(cid, direction)).toBe(matching[0]);
        expect(matching[0]!.payloadLength).toBe(MAC_PAYLOAD_LENGTH[direction][cid]);
      }
    }
    expect(new Set(codecs.map((c) => c.name)).size).toBe(20);
    for (const c of codecs) expect(codecByName(c.name)).toBe(c);
  });

  it('lists the CIDs 0x02..0x0a and 0x0d and nothing else', () => {
    expect([...cids].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 13]);
    for (let cid = 0; cid < 256; cid++) {
      expect(isKnownMacCid(cid)).toBe(cids.includes(cid as MacCid));
      expect(macPayloadLength(cid, 'up') === undefined).toBe(!cids.includes(cid as MacCid));
    }
  });

  it('gives the same CID different lengths per direction [L2 1.0.4 §5]', () => {
    expect(macPayloadLength(MacCid.LinkCheck, 'up')).toBe(0);
    expect(macPayloadLength(MacCid.LinkCheck, 'down')).toBe(2);
    expect(macPayloadLength(MacCid.DeviceTime, 'up')).toBe(0);
    expect(macPayloadLength(MacCid.DeviceTime, 'down')).toBe(5);
    expect(macPayloadLength(MacCid.LinkAdr, 'down')).toBe(4);
    expect(macPayloadLength(MacCid.LinkAdr, 'up')).toBe(1);
  });
});

const u = (max: number) => fc.integer({ min: 0, max });
const frequencyHz = u(0xffffff).map((f) => f * 100);

const uplinkCommand: fc.Arbitrary<UplinkMacCommand> = fc.oneof(
  fc.constant({ name: 'LinkCheckReq' } as const),
  fc.record({
    name: fc.constant('LinkADRAns' as const),
    powerAck: fc.boolean(),
    dataRateAck: fc.boolean(),
    channelMaskAck: fc.boolean(),
  }),
  fc.constant({ name: 'DutyCycleAns' } as const),
  fc.record({
    name: fc.constant('RXParamSetupAns' as const),
    rx1DrOffsetAck: fc.boolean(),
    rx2DataRateAck: fc.boolean(),
    channelAck: fc.boolean(),
  }),
  fc.record({
    name: fc.constant('DevStatusAns' as const),
    battery: u(255),
    marginDb: fc.integer({ min: -32, max: 31 }),
  }),
  fc.record({
    name: fc.constant('NewChannelAns' as const),
    dataRateRangeOk: fc.boolean(),
    channelFrequencyOk: fc.boolean(),
  }),
  fc.constant({ name: 'RXTimingSetupAns' } as const),
  fc.constant({ name: 'TxParamSetupAns' } as const),
  fc.record({
    name: fc.constant('DlChannelAns' as const),
    uplinkFrequencyExists: fc.boolean(),
    channelFrequencyOk: fc.boolean(),
  }),
  fc.constant({ name: 'DeviceTimeReq' } as const),
);

const downlinkCommand: fc.Arbitrary<DownlinkMacCommand> = fc.oneof(
  fc.record({ name: fc.constant('LinkCheckAns' as const), marginDb: u(254), gwCnt: u(255) }),
  fc.record({
    name: fc.constant('LinkADRReq' as const),
    dataRate: u(15),
    txPower: u(15),
    chMask: u(0xffff),
    chMaskCntl: u(7),
    nbTrans: u(15),
  }),
  fc.record({ name: fc.constant('DutyCycleReq' as const), maxDutyCycle: u(15) }),
  fc.record({
    name: fc.constant('RXParamSetupReq' as const),
    rx1DrOffset: u(7),
    rx2DataRate: u(15),
    frequencyHz,
  }),
  fc.constant({ name: 'DevStatusReq' } as const),
  fc.record({
    name: fc.constant('NewChannelReq' as const),
    chIndex: u(255),
    frequencyHz,
    maxDr: u(15),
    minDr: u(15),
  }),
  fc.record({
    name: fc.constant('RXTimingSetupReq' as const),
    delayS: fc.integer({ min: 1, max: 15 }),
  }),
  fc.record({
    name: fc.constant('TxParamSetupReq' as const),
    downlinkDwellTime400ms: fc.boolean(),
    uplinkDwellTime400ms: fc.boolean(),
    maxEirpIndex: u(15),
  }),
  fc.record({ name: fc.constant('DlChannelReq' as const), chIndex: u(255), frequencyHz }),
  fc.record({
    name: fc.constant('DeviceTimeAns' as const),
    gpsTimeS: u(0xffffffff),
    gpsTimeFraction256: u(255),
  }),
);

const commandsOf: Record<MacDirection, fc.Arbitrary<MacCommand[]>> = {
  up: fc.array(uplinkCommand, { maxLength: 12 }),
  down: fc.array(downlinkCommand, { maxLength: 12 }),
};

describe('round trip', () => {
  it.each(directions)('every %s command sequence survives encode then decode', (direction) => {
    fc.assert(
      fc.property(commandsOf[direction], (cmds) => {
        expect(decodeMacCommands(encodeMacCommands(cmds, direction), direction)).toEqual(cmds);
      }),
      { numRuns: 500 },
    );
  });

  it('reaches each of the 20 commands in the generators', () => {
    const names = new Set<string>();
    for (const direction of directions) {
      const samples = fc.sample(commandsOf[direction], { numRuns: 400, seed: 1 });
      for (const list of samples) for (const c of list) names.add(c.name);
    }
    expect([...names].sort()).toEqual(
      allMacCommandCodecs()
        .map((c) => c.name)
        .sort(),
    );
  });

  it.each(directions)(
    'any %s byte string either throws LorawanDecodeError or decodes to a stable form',
    (direction) => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
          let decoded;
          try {
            decoded = decodeMacCommands(bytes, direction);
          } catch (err) {
            expect(err).toBeInstanceOf(LorawanDecodeError);
            return;
          }
          // The decoder reads what is there; the encoder refuses what the network may not send.
          if (decoded.some((c) => c.name === 'LinkCheckAns' && c.marginDb === 255)) {
            expect(() => encodeMacCommands(decoded, direction)).toThrow(LorawanEncodeError);
            return;
          }
          // Only RFU bits and RXTimingSetupReq Del 0 may change on re-encoding.
          const again = encodeMacCommands(decoded, direction);
          expect(again).toHaveLength(bytes.length);
          expect(decodeMacCommands(again, direction)).toEqual(decoded);
        }),
        { numRuns: 1000 },
      );
    },
  );
});
