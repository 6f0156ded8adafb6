// Long on purpose: the published vectors of every MAC command, one block per CID.
import { describe, expect, it } from 'vitest';
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
// Test-only fixture loader; lorawan/ production code still imports nothing but shared/.
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { VectorEntry } from '../../testing/vectors.js';
import type { MacDirection } from './cid.js';
import {
  decodeMacCommands,
  encodeFOptsMacCommands,
  encodeMacCommands,
  macCommandLength,
} from './codec.js';
import type { DecodedMacCommand, MacCommand } from './commands.js';
import { chMaskChannels } from './link-adr.js';

/** Reads a vector's snake_case fields and remembers which ones a test used. */
class Fields {
  private readonly used = new Set<string>();
  constructor(private readonly fields: Record<string, unknown>) {}
  num(key: string): number {
    const v = this.take(key);
    if (typeof v !== 'number') throw new Error(`field ${key} is not a number`);
    return v;
  }
  bool(key: string): boolean {
    const v = this.take(key);
    if (typeof v !== 'boolean') throw new Error(`field ${key} is not a boolean`);
    return v;
  }
  str(key: string): string {
    const v = this.take(key);
    if (typeof v !== 'string') throw new Error(`field ${key} is not a string`);
    return v;
  }
  nums(key: string): number[] {
    const v = this.take(key);
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
      throw new Error(`field ${key} is not a number list`);
    }
    return v;
  }
  has(key: string): boolean {
    return key in this.fields;
  }
  unused(): string[] {
    return Object.keys(this.fields).filter((k) => !this.used.has(k));
  }
  private take(key: string): unknown {
    if (!(key in this.fields)) throw new Error(`vector has no field ${key}`);
    this.used.add(key);
    return this.fields[key];
  }
}

/** The vector's command in this codec's vocabulary (fields renamed, units applied). */
function toCommand(name: string, f: Fields): MacCommand {
  switch (name) {
    case 'LinkCheckReq':
    case 'DutyCycleAns':
    case 'DevStatusReq':
    case 'RXTimingSetupAns':
    case 'TxParamSetupAns':
    case 'DeviceTimeReq':
      return { name };
    case 'LinkCheckAns':
      return { name, marginDb: f.num('margin'), gwCnt: f.num('gw_cnt') };
    case 'LinkADRReq':
      return {
        name,
        dataRate: f.num('data_rate'),
        txPower: f.num('tx_power'),
        // ChMask is given as its two wire octets, little-endian.
        chMask: Buffer.from(f.str('ch_mask_hex_le'), 'hex').readUInt16LE(0),
        chMaskCntl: f.num('ch_mask_cntl'),
        nbTrans: f.num('nb_trans'),
      };
    case 'LinkADRAns':
      return {
        name,
        powerAck: f.bool('power_ack'),
        dataRateAck: f.bool('data_rate_ack'),
        channelMaskAck: f.bool('channel_mask_ack'),
      };
    case 'DutyCycleReq':
      return { name, maxDutyCycle: f.num('max_duty_cycle') };
    case 'RXParamSetupReq':
      return {
        name,
        rx1DrOffset: f.num('rx1_dr_offset'),
        rx2DataRate: f.num('rx2_data_rate'),
        frequencyHz: f.num('frequency_hz'),
      };
    case 'RXParamSetupAns':
      return {
        name,
        rx1DrOffsetAck: f.bool('rx1_dr_offset_ack'),
        rx2DataRateAck: f.bool('rx2_data_rate_ack'),
        channelAck: f.bool('channel_ack'),
      };
    case 'DevStatusAns':
      return { name, battery: f.num('battery'), marginDb: f.num('margin') };
    case 'NewChannelReq':
      return {
        name,
        chIndex: f.num('ch_index'),
        frequencyHz: f.num('frequency_hz'),
        maxDr: f.num('max_dr'),
        minDr: f.num('min_dr'),
      };
    case 'NewChannelAns':
      return {
        name,
        dataRateRangeOk: f.bool('data_rate_range_ok'),
        channelFrequencyOk: f.bool('channel_freq_ok'),
      };
    case 'RXTimingSetupReq':
      return { name, delayS: f.num('delay') };
    case 'TxParamSetupReq':
      return {
        name,
        downlinkDwellTime400ms: f.bool('downlink_dwell_time_400ms'),
        uplinkDwellTime400ms: f.bool('uplink_dwell_time_400ms'),
        maxEirpIndex: f.num('max_eirp_index'),
      };
    case 'DlChannelReq':
      return { name, chIndex: f.num('ch_index'), frequencyHz: f.num('frequency_hz') };
    case 'DlChannelAns':
      return {
        name,
        uplinkFrequencyExists: f.bool('uplink_freq_exists'),
        channelFrequencyOk: f.bool('channel_freq_ok'),
      };
    case 'DeviceTimeAns':
      return {
        name,
        gpsTimeS: f.num('seconds_since_gps_epoch'),
        gpsTimeFraction256: f.num('fractional_seconds_1_256'),
      };
    default:
      throw new Error(`no mapping for vector command ${name}`);
  }
}

function fieldsOf(entry: VectorEntry): Record<string, unknown> {
  const fields = entry['fields'];
  if (typeof fields !== 'object' || fields === null) throw new Error('vector without fields');
  return fields as Record<string, unknown>;
}

function directionOf(entry: VectorEntry): MacDirection {
  return entry['direction'] === 'uplink' ? 'up' : 'down';
}

const vectors = loadLorawanVectors();

/** Captured commands cite the data frame they were cut from; its source is theirs. */
function frameSource(entry: VectorEntry): string {
  const frame = vectors.data_frames.find((f) => f.id === entry['frame_id']);
  if (frame?.source === undefined) throw new Error(`no data frame ${String(entry['frame_id'])}`);
  return frame.source;
}
const fullCommands = vectors.mac_commands
  .filter((v) => v['payload_only'] !== true)
  .map((entry) => ({
    entry,
    name: String(entry['name']),
    bytes: String(entry['bytes_hex']),
    source: String(entry.source),
  }));
const payloadOnly = vectors.mac_commands.filter((v) => v['payload_only'] === true);
const captureCommands = vectors.mac_commands_from_captures
  .filter((v) => typeof v['bytes_hex'] === 'string')
  .map((entry) => ({
    entry,
    name: String(entry['name']),
    frameId: String(entry['frame_id']),
    origin: String(entry['origin']),
    source: frameSource(entry),
  }));
const capturePayloads = vectors.mac_commands_from_captures
  .filter((v) => Array.isArray(v['expected_decode']))
  .map((entry) => ({
    entry,
    frameId: String(entry['frame_id']),
    origin: String(entry['origin']),
    source: frameSource(entry),
  }));

describe('mac_commands vectors', () => {
  it('covers every entry of mac_commands', () => {
    expect(fullCommands.length + payloadOnly.length).toBe(vectors.mac_commands.length);
    expect(fullCommands.length).toBeGreaterThan(30);
    expect(payloadOnly).toHaveLength(2);
  });

  for (const { entry, name, bytes: hex, source } of fullCommands) {
    it(`${name} ${hex} (${source}) decodes and re-encodes`, () => {
      const direction = directionOf(entry);
      const bytes = hexField(entry, 'bytes_hex');
      const fields = new Fields(fieldsOf(entry));
      const expected = toCommand(name, fields);

      const decoded = decodeMacCommands(bytes, direction);
      expect(decoded).toEqual([expected]);
      expect(encodeMacCommands([expected], direction).toString('hex')).toBe(hex);
      expect(bytes[0]).toBe(parseInt(String(entry['cid']), 16));

      // Fields restating the wire form are checked against the wire, the rest were all mapped.
      if (fields.has('ch_mask_enabled_channels_0based')) {
        expect(chMaskChannels((expected as { chMask: number }).chMask)).toEqual(
          fields.nums('ch_mask_enabled_channels_0based'),
        );
      }
      if (fields.has('dl_settings_hex')) {
        expect(bytes.subarray(1, 2).toString('hex')).toBe(fields.str('dl_settings_hex'));
      }
      if (fields.has('frequency_24bit_le_hex')) {
        expect(bytes.subarray(2, 5).toString('hex')).toBe(fields.str('frequency_24bit_le_hex'));
      }
      expect(fields.unused()).toEqual([]);
    });
  }
});

describe('mac_commands payload-only vectors (LinkADRReq fields)', () => {
  const chMaskEntry = payloadOnly.find((v) => String(v['name']).startsWith('ChMask'))!;
  const redundancyEntry = payloadOnly.find((v) => String(v['name']).startsWith('Redundancy'))!;

  it(`${String(chMaskEntry['name'])} (${chMaskEntry.source}) as the ChMask octets of a LinkADRReq`, () => {
    const f = new Fields(fieldsOf(chMaskEntry));
    const chMaskBytes = hexField(chMaskEntry, 'bytes_hex');
    const wire = Buffer.concat([Buffer.from([0x03, 0x00]), chMaskBytes, Buffer.from([0x00])]);
    const [cmd] = decodeMacCommands(wire, 'down');
    expect(cmd?.name).toBe('LinkADRReq');
    const chMask = (cmd as { chMask: number }).chMask;
    expect(chMaskChannels(chMask)).toEqual(f.nums('enabled_channels_0based'));
    expect(encodeMacCommands([cmd!], 'down').subarray(2, 4)).toEqual(chMaskBytes);
    expect(f.unused()).toEqual([]);
  });

  it(`${String(redundancyEntry['name'])} (${redundancyEntry.source}) as the Redundancy octet of a LinkADRReq`, () => {
    const f = new Fields(fieldsOf(redundancyEntry));
    const redundancy = hexField(redundancyEntry, 'bytes_hex');
    const wire = Buffer.concat([Buffer.from([0x03, 0x00, 0x00, 0x00]), redundancy]);
    const [cmd] = decodeMacCommands(wire, 'down');
    expect(cmd).toMatchObject({
      name: 'LinkADRReq',
      chMaskCntl: f.num('ch_mask_cntl'),
      nbTrans: f.num('nb_trans'),
    });
    expect(encodeMacCommands([cmd!], 'down').subarray(4)).toEqual(redundancy);
    expect(f.unused()).toEqual([]);
  });
});

describe('mac_commands_from_captures vectors', () => {
  it('covers every entry of mac_commands_from_captures', () => {
    expect(captureCommands.length + capturePayloads.length).toBe(
      vectors.mac_commands_from_captures.length,
    );
  });

  for (const { entry, name, frameId, origin, source } of captureCommands) {
    const hex = String(entry['bytes_hex']);
    it(`${name} ${hex} from ${frameId} (${origin}; frame source ${source}) decodes and re-encodes`, () => {
      const bytes = hexField(entry, 'bytes_hex');
      const fields = new Fields(fieldsOf(entry));
      const expected = toCommand(name, fields);
      // Captured FOpts here are all downlink LinkADRReq, the only direction they exist in.
      expect(decodeMacCommands(bytes, 'down')).toEqual([expected]);
      expect(encodeMacCommands([expected], 'down')).toEqual(bytes);
      expect(fields.unused()).toEqual([]);
    });
  }

  for (const { entry, frameId, origin, source } of capturePayloads) {
    it(`FPort 0 payload of ${frameId} (${origin}; frame source ${source}) decodes to the listed commands and re-encodes`, () => {
      const bytes = hexField(entry, 'decrypted_bytes_hex');
      const list = entry['expected_decode'] as { name: string; fields: Record<string, unknown> }[];
      const readers = list.map((e) => new Fields(e.fields));
      const expected = list.map((e, i) => toCommand(e.name, readers[i]!));
      const decoded = decodeMacCommands(bytes, 'down');
      expect(decoded).toEqual(expected);
      expect(encodeMacCommands(expected, 'down')).toEqual(bytes);
      for (const r of readers) expect(r.unused()).toEqual([]);
    });
  }
});

describe('decodeMacCommands', () => {
  it('returns no commands for empty input', () => {
    expect(decodeMacCommands(Buffer.alloc(0), 'up')).toEqual([]);
  });

  it('decodes several commands of one uplink FOpts in order', () => {
    // LinkCheckReq, LinkADRAns(all ack), DevStatusAns(battery 255, margin 30), DeviceTimeReq
    const fOpts = Buffer.from('02030706ff1e0d', 'hex');
    expect(decodeMacCommands(fOpts, 'up')).toEqual([
      { name: 'LinkCheckReq' },
      { name: 'LinkADRAns', powerAck: true, dataRateAck: true, channelMaskAck: true },
      { name: 'DevStatusAns', battery: 255, marginDb: 30 },
      { name: 'DeviceTimeReq' },
    ]);
  });

  it('reads the same CID by direction: 0x02 is LinkCheckReq up, LinkCheckAns down', () => {
    const bytes = Buffer.from('021403', 'hex');
    expect(decodeMacCommands(bytes, 'down')).toEqual([
      { name: 'LinkCheckAns', marginDb: 20, gwCnt: 3 },
    ]);
    expect(decodeMacCommands(bytes, 'up')).toEqual([
      { name: 'LinkCheckReq' },
      { name: 'Unparsed', cid: 0x14, offset: 1, bytes: Buffer.from('1403', 'hex') },
    ]);
  });

  it.each([
    { what: 'proprietary 0x80', hex: '030080', cid: 0x80 },
    { what: 'proprietary 0xff', hex: '0300ff0102', cid: 0xff },
    { what: 'RFU 0x0b', hex: '03000b', cid: 0x0b },
    { what: 'LoRaWAN 1.1 ResetInd 0x01', hex: '03000101', cid: 0x01 },
    { what: 'class B PingSlotInfoReq 0x10', hex: '03001000', cid: 0x10 },
  ])('stops cleanly at an unknown CID ($what) and keeps what came before', ({ hex, cid }) => {
    const bytes = Buffer.from(hex, 'hex');
    const decoded = decodeMacCommands(bytes, 'up');
    expect(decoded).toEqual([
      { name: 'LinkADRAns', powerAck: false, dataRateAck: false, channelMaskAck: false },
      { name: 'Unparsed', cid, offset: 2, bytes: bytes.subarray(2) },
    ]);
    // The unparsed tail re-encodes as it came, so FOpts can be forwarded unchanged.
    expect(encodeMacCommands(decoded, 'up')).toEqual(bytes);
  });

  it('returns only Unparsed when the first CID is unknown', () => {
    expect(decodeMacCommands(Buffer.from('8002', 'hex'), 'down')).toEqual([
      { name: 'Unparsed', cid: 0x80, offset: 0, bytes: Buffer.from('8002', 'hex') },
    ]);
  });

  it('copies the unparsed bytes instead of aliasing the input', () => {
    const bytes = Buffer.from('0680', 'hex');
    const [, unparsed] = decodeMacCommands(bytes, 'down');
    bytes[1] = 0;
    expect(unparsed).toMatchObject({ name: 'Unparsed', bytes: Buffer.from([0x80]) });
  });

  it.each([
    {
      what: 'LinkADRReq with 2 of 4 octets',
      hex: '031204',
      dir: 'down',
      cid: 0x03,
      offset: 0,
      left: 2,
    },
    {
      what: 'DevStatusAns after a full command',
      hex: '0301' + '0600',
      dir: 'up',
      cid: 0x06,
      offset: 2,
      left: 1,
    },
    {
      what: 'DeviceTimeAns with no payload',
      hex: '0d',
      dir: 'down',
      cid: 0x0d,
      offset: 0,
      left: 0,
    },
    {
      what: 'NewChannelReq missing DrRange',
      hex: '0703010204',
      dir: 'down',
      cid: 0x07,
      offset: 0,
      left: 4,
    },
  ] as const)('throws LORAWAN_INVALID_MAC_COMMAND for a truncated $what', (c) => {
    const bytes = Buffer.from(c.hex, 'hex');
    let caught: unknown;
    try {
      decodeMacCommands(bytes, c.dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LorawanDecodeError);
    const err = caught as LorawanDecodeError;
    expect(err.code).toBe('LORAWAN_INVALID_MAC_COMMAND');
    expect(err.details).toMatchObject({ cid: c.cid, offset: c.offset, available: c.left });
  });

  it('ignores RFU bits when decoding', () => {
    // Redundancy 0x95: RFU bit 7 set, ChMaskCntl 1, NbTrans 5; RadioStatus 0xc0: RFU bits only.
    expect(decodeMacCommands(Buffer.from('0312040095', 'hex'), 'down')).toEqual([
      { name: 'LinkADRReq', dataRate: 1, txPower: 2, chMask: 4, chMaskCntl: 1, nbTrans: 5 },
    ]);
    expect(decodeMacCommands(Buffer.from('0664c0', 'hex'), 'up')).toEqual([
      { name: 'DevStatusAns', battery: 100, marginDb: 0 },
    ]);
  });

  it('reads RXTimingSetupReq Del 0 as 1 s, as the spec defines it', () => {
    const [cmd] = decodeMacCommands(Buffer.from('0800', 'hex'), 'down');
    expect(cmd).toEqual({ name: 'RXTimingSetupReq', delayS: 1 });
    expect(encodeMacCommands([cmd!], 'down').toString('hex')).toBe('0801');
  });
});

describe('encodeMacCommands', () => {
  const linkAdrReq: MacCommand = {
    name: 'LinkADRReq',
    dataRate: 5,
    txPower: 1,
    chMask: 0x00ff,
    chMaskCntl: 0,
    nbTrans: 1,
  };

  it('encodes several commands in one FOpts', () => {
    const cmds: MacCommand[] = [
      { name: 'LinkCheckAns', marginDb: 7, gwCnt: 2 },
      linkAdrReq,
      { name: 'DevStatusReq' },
      { name: 'RXTimingSetupReq', delayS: 2 },
    ];
    const fOpts = encodeFOptsMacCommands(cmds, 'down');
    expect(fOpts.toString('hex')).toBe('020702' + '0351ff0001' + '06' + '0802');
    expect(decodeMacCommands(fOpts, 'down')).toEqual(cmds);
  });

  it('accepts exactly 15 octets of FOpts and refuses 16 or more', () => {
    const three = [linkAdrReq, linkAdrReq, linkAdrReq];
    expect(encodeFOptsMacCommands(three, 'down')).toHaveLength(15);
    const sixteen: MacCommand[] = [...three, { name: 'DevStatusReq' }];
    expect(() => encodeFOptsMacCommands(sixteen, 'down')).toThrow(LorawanEncodeError);
    try {
      encodeFOptsMacCommands([...three, linkAdrReq], 'down');
    } catch (err) {
      expect((err as LorawanEncodeError).details).toEqual({ length: 20, maxLength: 15 });
    }
    expect.assertions(3);
  });

  it('has no length limit of its own (FPort 0 payloads), only an optional maxLength', () => {
    const many = Array.from({ length: 10 }, () => linkAdrReq);
    expect(encodeMacCommands(many, 'down')).toHaveLength(50);
    expect(() => encodeMacCommands(many, 'down', { maxLength: 49 })).toThrow(LorawanEncodeError);
  });

  it('returns an empty buffer for no commands', () => {
    expect(encodeMacCommands([], 'up')).toHaveLength(0);
  });

  it('refuses a command sent in the other direction', () => {
    expect(() => encodeMacCommands([linkAdrReq], 'up')).toThrow(
      expect.objectContaining({
        code: 'LORAWAN_INVALID_VALUE',
        details: expect.objectContaining({ command: 'LinkADRReq' }),
      }),
    );
    expect(() => encodeMacCommands([{ name: 'DeviceTimeReq' }], 'down')).toThrow(
      LorawanEncodeError,
    );
  });

  it('refuses an Unparsed entry that is not last or does not start with its CID', () => {
    const unparsed: DecodedMacCommand = {
      name: 'Unparsed',
      cid: 0x80,
      offset: 0,
      bytes: Buffer.from('80', 'hex'),
    };
    expect(() => encodeMacCommands([unparsed, { name: 'LinkCheckReq' }], 'up')).toThrow(
      LorawanEncodeError,
    );
    expect(() =>
      encodeMacCommands([{ ...unparsed, bytes: Buffer.from('81', 'hex') }], 'up'),
    ).toThrow(LorawanEncodeError);
  });

  it('refuses an unknown command name from an untyped caller', () => {
    const bogus = JSON.parse('{"name":"ResetInd"}') as MacCommand;
    expect(() => encodeMacCommands([bogus], 'up')).toThrow(LorawanEncodeError);
  });

  it.each<{ cmd: MacCommand; field: string }>([
    { cmd: { ...linkAdrReq, dataRate: 16 }, field: 'dataRate' },
    { cmd: { ...linkAdrReq, dataRate: -1 }, field: 'dataRate' },
    { cmd: { ...linkAdrReq, dataRate: 1.5 }, field: 'dataRate' },
    { cmd: { ...linkAdrReq, txPower: 16 }, field: 'txPower' },
    { cmd: { ...linkAdrReq, chMask: 0x10000 }, field: 'chMask' },
    { cmd: { ...linkAdrReq, chMaskCntl: 8 }, field: 'chMaskCntl' },
    { cmd: { ...linkAdrReq, nbTrans: 16 }, field: 'nbTrans' },
    { cmd: { name: 'LinkCheckAns', marginDb: 255, gwCnt: 1 }, field: 'marginDb' },
    { cmd: { name: 'LinkCheckAns', marginDb: 10, gwCnt: 256 }, field: 'gwCnt' },
    { cmd: { name: 'DutyCycleReq', maxDutyCycle: 16 }, field: 'maxDutyCycle' },
    {
      cmd: { name: 'RXParamSetupReq', rx1DrOffset: 8, rx2DataRate: 0, frequencyHz: 869525000 },
      field: 'rx1DrOffset',
    },
    {
      cmd: { name: 'RXParamSetupReq', rx1DrOffset: 0, rx2DataRate: 16, frequencyHz: 869525000 },
      field: 'rx2DataRate',
    },
    {
      cmd: { name: 'RXParamSetupReq', rx1DrOffset: 0, rx2DataRate: 0, frequencyHz: 869525050 },
      field: 'frequencyHz',
    },
    {
      cmd: { name: 'DlChannelReq', chIndex: 0, frequencyHz: 0x1000000 * 100 },
      field: 'frequencyHz',
    },
    { cmd: { name: 'DlChannelReq', chIndex: 0, frequencyHz: -100 }, field: 'frequencyHz' },
    { cmd: { name: 'DlChannelReq', chIndex: 256, frequencyHz: 868100000 }, field: 'chIndex' },
    {
      cmd: { name: 'NewChannelReq', chIndex: 3, frequencyHz: 867100000, maxDr: 16, minDr: 0 },
      field: 'maxDr',
    },
    {
      cmd: { name: 'NewChannelReq', chIndex: 3, frequencyHz: 867100000, maxDr: 5, minDr: -1 },
      field: 'minDr',
    },
    { cmd: { name: 'DevStatusAns', battery: 256, marginDb: 0 }, field: 'battery' },
    { cmd: { name: 'DevStatusAns', battery: 1, marginDb: 32 }, field: 'marginDb' },
    { cmd: { name: 'DevStatusAns', battery: 1, marginDb: -33 }, field: 'marginDb' },
    { cmd: { name: 'RXTimingSetupReq', delayS: 0 }, field: 'delayS' },
    { cmd: { name: 'RXTimingSetupReq', delayS: 16 }, field: 'delayS' },
    {
      cmd: {
        name: 'TxParamSetupReq',
        downlinkDwellTime400ms: false,
        uplinkDwellTime400ms: false,
        maxEirpIndex: 16,
      },
      field: 'maxEirpIndex',
    },
    { cmd: { name: 'DeviceTimeAns', gpsTimeS: 2 ** 32, gpsTimeFraction256: 0 }, field: 'gpsTimeS' },
    {
      cmd: { name: 'DeviceTimeAns', gpsTimeS: 1, gpsTimeFraction256: 256 },
      field: 'gpsTimeFraction256',
    },
  ])('refuses $cmd.name with $field out of range', ({ cmd, field }) => {
    const dir: MacDirection = ['LinkADRAns', 'DevStatusAns'].includes(cmd.name) ? 'up' : 'down';
    let caught: unknown;
    try {
      encodeMacCommands([cmd], dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LorawanEncodeError);
    expect((caught as LorawanEncodeError).code).toBe('LORAWAN_INVALID_VALUE');
    expect((caught as LorawanEncodeError).details).toMatchObject({ command: cmd.name, field });
  });

  it('accepts the edges of every range', () => {
    const cmds: MacCommand[] = [
      { name: 'LinkADRReq', dataRate: 15, txPower: 15, chMask: 0xffff, chMaskCntl: 7, nbTrans: 15 },
      { name: 'RXParamSetupReq', rx1DrOffset: 7, rx2DataRate: 15, frequencyHz: 0xffffff * 100 },
      { name: 'NewChannelReq', chIndex: 255, frequencyHz: 0, maxDr: 15, minDr: 15 },
      { name: 'DeviceTimeAns', gpsTimeS: 0xffffffff, gpsTimeFraction256: 255 },
    ];
    const bytes = encodeMacCommands(cmds, 'down');
    expect(bytes.toString('hex')).toBe(
      '03ffffff7f' + '057fffffff' + '07ff000000ff' + '0dffffffffff',
    );
    expect(decodeMacCommands(bytes, 'down')).toEqual(cmds);
    const up: MacCommand[] = [
      { name: 'DevStatusAns', battery: 0, marginDb: -32 },
      { name: 'DevStatusAns', battery: 255, marginDb: 31 },
    ];
    expect(encodeMacCommands(up, 'up').toString('hex')).toBe('060020' + '06ff1f');
  });
});

describe('macCommandLength', () => {
  it('counts the CID plus the payload of the command', () => {
    expect(macCommandLength({ name: 'LinkCheckReq' })).toBe(1);
    expect(macCommandLength({ name: 'DevStatusAns', battery: 1, marginDb: 1 })).toBe(3);
    expect(macCommandLength({ name: 'DeviceTimeAns', gpsTimeS: 1, gpsTimeFraction256: 0 })).toBe(6);
    expect(
      macCommandLength({
        name: 'Unparsed',
        cid: 0x80,
        offset: 0,
        bytes: Buffer.from('8001', 'hex'),
      }),
    ).toBe(2);
  });
});
