/**
 * Every fact of the `regions` key of fixtures/lorawan-1.0.json, checked against the region
 * tables. Test titles name the vector's source.
 */
import { describe, expect, it } from 'vitest';
import { loadLorawanVectors } from '../../testing/vectors.js';
import type { DataRate } from '../../shared/radio.js';
import { getRegion, regionNames } from './index.js';

interface DataRateVector {
  modulation: 'LORA' | 'FSK' | 'LR-FHSS';
  sf?: number;
  bw_hz?: number;
  bitrate_bps?: number;
  coding_rate?: string;
  occupied_channel_width_hz?: number;
  uplink_only?: boolean;
  direction?: 'uplink' | 'downlink';
}
type SizeTable = Record<string, { M: number; N: number }>;
type Rx1Table = Record<string, number[] | string>;
interface ChannelRange {
  formula: string;
  dr_range?: [number, number];
  dr_range_in_source?: [number, number];
  bw_hz?: number;
}

interface CommonVector {
  receive_delay1_s: number;
  receive_delay2_s: number;
  join_accept_delay1_s: number;
  join_accept_delay2_s: number;
  source: string;
}
interface Eu868Vector {
  source: string;
  data_rates: Record<string, DataRateVector>;
  max_payload_size: { not_repeater_compatible: SizeTable; repeater_compatible: SizeTable };
  rx1_dr_offset_table: Rx1Table;
  rx1_examples: { uplink_hz: number; rx1_hz: number; source: string }[];
  rx2_default: { frequency_hz: number; data_rate: number };
  default_channels: { index: number; frequency_hz: number; min_dr: number; max_dr: number }[];
  max_channels: number;
  cflist_type: number;
  cflist_allowed_dr_range: { min: number; max: number };
  cflist_example: { frequencies_hz: number[]; bytes_hex: string; source: string };
  tx_power_offsets_db: number[];
  default_max_eirp_dbm: number;
}
interface Us915Vector {
  source: string;
  data_rates: Record<string, DataRateVector | 'RFU'>;
  max_payload_size: {
    lorawan_1_0_2_and_rp002_not_repeater: SizeTable;
    rp002_1_0_2_plus_extra: SizeTable;
    lorawan_1_0_0: SizeTable;
    lorawan_1_0_1: SizeTable;
    repeater_compatible_rp002_1_0_2_plus: SizeTable;
  };
  rx1_dr_offset_table: Rx1Table;
  uplink_channels: Record<string, ChannelRange>;
  downlink_channels: Record<string, ChannelRange>;
  rx1_examples: { uplink_hz: number; uplink_channel: number; rx1_hz: number }[];
  rx1_examples_source: string;
  channel_examples: { channel: number; frequency_hz: number }[];
  channel_examples_source: string;
  rx2_default: { frequency_hz: number; data_rate: number };
  tx_power_offsets_db: number[];
  default_max_eirp_dbm: number;
}

const vectors = loadLorawanVectors().regions;
const common = vectors.common as unknown as CommonVector;
const euVec = vectors.EU868 as unknown as Eu868Vector;
const usVec = vectors.US915 as unknown as Us915Vector;
const eu868 = getRegion('EU868');
const us915 = getRegion('US915');

function expectedDataRate(v: DataRateVector): DataRate {
  switch (v.modulation) {
    case 'LORA':
      return { modulation: 'LORA', spreadingFactor: v.sf!, bandwidthHz: v.bw_hz! };
    case 'FSK':
      return { modulation: 'FSK', bitrateBps: v.bitrate_bps! };
    case 'LR-FHSS':
      return {
        modulation: 'LR-FHSS',
        codingRate: v.coding_rate!,
        occupiedChannelWidthHz: v.occupied_channel_width_hz!,
      };
  }
}

/** Table rows of a vector object, skipping its `description` string. */
function rows(table: Rx1Table): [number, number[]][] {
  return Object.entries(table)
    .filter((entry): entry is [string, number[]] => Array.isArray(entry[1]))
    .map(([dr, row]) => [Number(dr), row]);
}

function sizes(table: SizeTable): { dr: number; m: number; n: number }[] {
  return Object.entries(table).map(([dr, { M, N }]) => ({ dr: Number(dr), m: M, n: N }));
}

/** "f = 903000000 + 1600000 * (n - 64)" -> frequency of channel n. */
function formula(text: string): (n: number) => number {
  const match = /^f = (\d+) \+ (\d+) \* \(?n(?: - (\d+))?\)?$/.exec(text);
  if (!match) throw new Error(`unparsed formula ${text}`);
  const [base, step, first] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return (n) => base + step * (n - first);
}

function range(key: string): number[] {
  const [from, to] = key.split('-').map(Number) as [number, number];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe(`common defaults (${common.source})`, () => {
  it.each(regionNames)('%s uses RECEIVE_DELAY1/2 = 1/2 s, JOIN_ACCEPT_DELAY1/2 = 5/6 s', (name) => {
    const region = getRegion(name);
    expect(region.receiveDelay1S).toBe(common.receive_delay1_s);
    expect(region.receiveDelay2S).toBe(common.receive_delay2_s);
    expect(region.joinAcceptDelay1S).toBe(common.join_accept_delay1_s);
    expect(region.joinAcceptDelay2S).toBe(common.join_accept_delay2_s);
  });
});

describe(`EU868 (${euVec.source})`, () => {
  const dataRates = Object.entries(euVec.data_rates).map(([dr, v]) => ({ dr: Number(dr), v }));

  it.each(dataRates)('DR$dr modulation and direction', ({ dr, v }) => {
    const entry = eu868.dataRate(dr);
    const expected = expectedDataRate(v);
    if (expected.modulation === 'LR-FHSS') {
      // brocaar spells CR 2/3 as "4/6"; the region stores RP002's "2/3" and matches either.
      expect(entry.dataRate.modulation).toBe('LR-FHSS');
      expect(eu868.uplinkDataRateIndex(expected)).toBe(dr);
    } else {
      expect(entry.dataRate).toEqual(expected);
    }
    expect(entry.uplink).toBe(true);
    expect(entry.downlink).toBe(v.uplink_only !== true);
  });

  it.each(sizes(euVec.max_payload_size.not_repeater_compatible))(
    'DR$dr max payload M=$m N=$n (not repeater-compatible)',
    ({ dr, m, n }) => {
      expect(eu868.maxPayload.get(dr)).toEqual({ m, n });
      expect(eu868.maxPayloadSize(dr)).toEqual({ m, n });
    },
  );

  it.each(sizes(euVec.max_payload_size.repeater_compatible))(
    'DR$dr max payload M=$m N=$n (repeater-compatible)',
    ({ dr, m, n }) => {
      expect(eu868.maxPayloadSize(dr, { repeaterCompatible: true })).toEqual({ m, n });
    },
  );

  it.each(rows(euVec.rx1_dr_offset_table))('RX1 DR for uplink DR%i = %j', (dr, row) => {
    expect(row.map((_, offset) => eu868.rx1DataRate(dr, offset))).toEqual(row);
    expect(() => eu868.rx1DataRate(dr, row.length)).toThrow('rx1DrOffset out of range');
  });

  it.each(euVec.rx1_examples)('RX1 frequency of $uplink_hz Hz ($source)', (ex) => {
    expect(eu868.rx1FrequencyHz(ex.uplink_hz)).toBe(ex.rx1_hz);
  });

  it('RX2 default', () => {
    expect(eu868.rx2Default).toEqual({
      frequencyHz: euVec.rx2_default.frequency_hz,
      dataRate: euVec.rx2_default.data_rate,
    });
  });

  it.each(euVec.default_channels)('default channel $index: $frequency_hz Hz', (ch) => {
    expect(eu868.defaultChannels[ch.index]).toEqual({
      frequencyHz: ch.frequency_hz,
      minDr: ch.min_dr,
      maxDr: ch.max_dr,
    });
    expect(eu868.defaultChannels).toHaveLength(euVec.default_channels.length);
  });

  it('max channels, CFList type and CFList DR range', () => {
    expect(eu868.maxChannels).toBe(euVec.max_channels);
    expect(eu868.cfListType).toBe(euVec.cflist_type);
    expect(eu868.cfListDrRange).toEqual({
      minDr: euVec.cflist_allowed_dr_range.min,
      maxDr: euVec.cflist_allowed_dr_range.max,
    });
  });

  it(`CFList example encodes and decodes (${euVec.cflist_example.source})`, () => {
    const { frequencies_hz: frequenciesHz, bytes_hex: hex } = euVec.cflist_example;
    expect(eu868.encodeCfList({ type: 0, frequenciesHz }).toString('hex')).toBe(hex);
    expect(eu868.decodeCfList(Buffer.from(hex, 'hex'))).toEqual({ type: 0, frequenciesHz });
  });

  it('TX power offsets and default max EIRP', () => {
    expect(eu868.txPowerOffsetsDb).toEqual(euVec.tx_power_offsets_db);
    expect(eu868.defaultMaxEirpDbm).toBe(euVec.default_max_eirp_dbm);
  });
});

describe(`US915 (${usVec.source})`, () => {
  const dataRates = Object.entries(usVec.data_rates).map(([dr, v]) => ({ dr: Number(dr), v }));

  it.each(dataRates)('DR$dr modulation and direction', ({ dr, v }) => {
    if (v === 'RFU') {
      expect(us915.dataRates.has(dr)).toBe(false);
      return;
    }
    const entry = us915.dataRate(dr);
    const expected = expectedDataRate(v);
    if (expected.modulation === 'LR-FHSS') {
      expect(us915.uplinkDataRateIndex(expected)).toBe(dr);
    } else {
      expect(entry.dataRate).toEqual(expected);
    }
    expect(entry.uplink).toBe(v.direction === 'uplink');
    expect(entry.downlink).toBe(v.direction === 'downlink');
  });

  it.each([
    ...sizes(usVec.max_payload_size.lorawan_1_0_2_and_rp002_not_repeater),
    ...sizes(usVec.max_payload_size.rp002_1_0_2_plus_extra),
  ])('DR$dr max payload M=$m N=$n (RP002, not repeater-compatible)', ({ dr, m, n }) => {
    expect(us915.maxPayload.get(dr)).toEqual({ m, n });
  });

  it.each(sizes(usVec.max_payload_size.repeater_compatible_rp002_1_0_2_plus))(
    'DR$dr max payload M=$m N=$n (RP002, repeater-compatible)',
    ({ dr, m, n }) => {
      expect(us915.maxPayloadSize(dr, { repeaterCompatible: true })).toEqual({ m, n });
    },
  );

  it.each([
    ...sizes(usVec.max_payload_size.lorawan_1_0_0).map((s) => ({ ...s, version: '1.0.0' })),
    ...sizes(usVec.max_payload_size.lorawan_1_0_1).map((s) => ({ ...s, version: '1.0.1' })),
  ])(
    'DR$dr M=$m of LoRaWAN $version is a pre-RP002 value: lns keeps the RP002 size',
    ({ dr, m }) => {
      const rp002 = usVec.max_payload_size.lorawan_1_0_2_and_rp002_not_repeater[String(dr)]!;
      expect(m).not.toBe(rp002.M);
      expect(us915.maxPayloadSize(dr)).toEqual({ m: rp002.M, n: rp002.N });
    },
  );

  it.each(rows(usVec.rx1_dr_offset_table))('RX1 DR for uplink DR%i = %j', (dr, row) => {
    expect(row.map((_, offset) => us915.rx1DataRate(dr, offset))).toEqual(row);
    expect(() => us915.rx1DataRate(dr, row.length)).toThrow('rx1DrOffset out of range');
  });

  it.each(Object.entries(usVec.uplink_channels))('uplink channels %s', (key, spec) => {
    const frequency = formula(spec.formula);
    const [minDr, maxDr] = spec.dr_range ?? spec.dr_range_in_source!;
    for (const n of range(key)) {
      expect(us915.uplinkChannels[n]).toEqual({ frequencyHz: frequency(n), minDr, maxDr });
      expect(us915.uplinkChannelIndex(frequency(n))).toBe(n);
    }
  });

  it.each(Object.entries(usVec.downlink_channels))('downlink channels %s', (key, spec) => {
    const frequency = formula(spec.formula);
    const [minDr, maxDr] = spec.dr_range!;
    expect(us915.downlinkChannels).toHaveLength(range(key).length);
    for (const n of range(key)) {
      expect(us915.downlinkChannels[n]).toEqual({ frequencyHz: frequency(n), minDr, maxDr });
    }
  });

  it('RX1 channel = uplink channel % 8, for every uplink channel', () => {
    for (let ch = 0; ch < 72; ch++) {
      expect(us915.rx1ChannelIndex(ch)).toBe(ch % 8);
      expect(us915.rx1FrequencyHz(us915.uplinkChannels[ch]!.frequencyHz)).toBe(
        us915.downlinkChannels[ch % 8]!.frequencyHz,
      );
    }
  });

  it.each(usVec.rx1_examples)(
    `RX1 of channel $uplink_channel ($uplink_hz Hz) is $rx1_hz Hz (${usVec.rx1_examples_source})`,
    (ex) => {
      expect(us915.uplinkChannelIndex(ex.uplink_hz)).toBe(ex.uplink_channel);
      expect(us915.rx1FrequencyHz(ex.uplink_hz)).toBe(ex.rx1_hz);
    },
  );

  it.each(usVec.channel_examples)(
    `channel $channel is $frequency_hz Hz (${usVec.channel_examples_source})`,
    (ex) => {
      expect(us915.uplinkChannels[ex.channel]!.frequencyHz).toBe(ex.frequency_hz);
    },
  );

  it('RX2 default', () => {
    expect(us915.rx2Default).toEqual({
      frequencyHz: usVec.rx2_default.frequency_hz,
      dataRate: usVec.rx2_default.data_rate,
    });
  });

  it('TX power offsets (vector lists TXPower 0..10; RP002-1.0.4 goes on to 14) and max EIRP', () => {
    const n = usVec.tx_power_offsets_db.length;
    expect(us915.txPowerOffsetsDb.slice(0, n)).toEqual(usVec.tx_power_offsets_db);
    expect(us915.txPowerOffsetsDb.slice(n)).toEqual([-22, -24, -26, -28]);
    expect(us915.defaultMaxEirpDbm).toBe(usVec.default_max_eirp_dbm);
  });

  describe('LinkADRReq ChMaskCntl (brocaar band_us902_928.go, chirpstack us915.rs)', () => {
    const all = Array.from({ length: 72 }, (_, i) => i);
    const narrow = all.slice(0, 64);

    it('6: all 125 kHz channels 0..63 ON; ChMask bits 0..7 apply to channels 64..71', () => {
      expect(us915.applyChMask([], { chMaskCntl: 6, chMask: 0x0081 })).toEqual([...narrow, 64, 71]);
      expect(us915.applyChMask(all, { chMaskCntl: 6, chMask: 0x0000 })).toEqual(narrow);
    });

    it('7: all 125 kHz channels 0..63 OFF; ChMask bits 0..7 apply to channels 64..71', () => {
      expect(us915.applyChMask(all, { chMaskCntl: 7, chMask: 0x0003 })).toEqual([64, 65]);
      expect(us915.applyChMask([3], { chMaskCntl: 7, chMask: 0x0080 })).toEqual([71]);
    });

    it.each([0, 1, 2, 3, 4])(
      '%i: ChMask bit i applies to channel 16*cntl + i (cntl 4 -> channels 64..71)',
      (cntl) => {
        const last = cntl === 4 ? 7 : 15;
        const chMask = (1 << 0) | (1 << last);
        expect(us915.applyChMask([], { chMaskCntl: cntl, chMask })).toEqual([
          16 * cntl,
          16 * cntl + last,
        ]);
        // Other blocks keep their state.
        expect(us915.applyChMask(all, { chMaskCntl: cntl, chMask: 0 })).toEqual(
          all.filter((ch) => ch < 16 * cntl || ch >= 16 * cntl + 16),
        );
      },
    );

    it('4: enabling a non-existent channel (72..79) is an error', () => {
      expect(() => us915.applyChMask(all, { chMaskCntl: 4, chMask: 0x0100 })).toThrow(
        'chMask enables an undefined channel',
      );
    });
  });

  it('CFList: none for LoRaWAN 1.0.2 and older, CFListType 1 (channel masks) from 1.0.3 / 1.1', () => {
    expect(us915.supportsCfList('1.0.2')).toBe(false);
    expect(us915.supportsCfList('1.1')).toBe(true);
    expect(us915.cfListType).toBe(1);
  });
});
