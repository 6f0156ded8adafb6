import { describe, expect, it } from 'vitest';
import { getRegion } from '../lorawan/index.js';
import type { Eui64 } from '../shared/ids.js';
import { StationMessageError } from './errors.js';
import { parseStationJson, stationJson } from './json.js';
import { decodeRouterInfoRequest, decodeStationMessage } from './messages.js';
import type { UpdfMessage } from './messages.js';
import { phyPayloadOf, uplinkFrameOf } from './uplink.js';

/**
 * A Basics Station 2.0.5 log published on the ChirpStack forum ("Class C RX2 downlink timed
 * in RX1 window", 2021): the radio's frame and the updf the Station sent for it.
 */
const FORUM_FRAME =
  '40B0F90001003600B6315AC9D1ED7962F702EF9560FD7C32A1259C8601EC01D0FC9EC0EDB29BD3E8102F21';
const FORUM_UPDF =
  '{"msgtype":"updf","MHdr":64,"DevAddr":16841136,"FCtrl":0,"FCnt":54,"FOpts":"","FPort":182,' +
  '"FRMPayload":"315AC9D1ED7962F702EF9560FD7C32A1259C8601EC01D0FC9EC0EDB29BD3","MIC":556732648,' +
  '"RefTime":0.000000,"DR":3,"Freq":902500000,"upinfo":{"rctx":0,"xtime":2814750255613011,' +
  '"gpstime":0,"fts":-1,"rssi":-29,"snr":10.25,"rxtime":1616510695.330084}}';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof StationMessageError) return `${err.code}:${String(err.details.field)}`;
    throw err;
  }
  return 'none';
}

describe('Station messages', () => {
  it('rebuilds the PHYPayload of a real updf byte for byte', () => {
    const msg = decodeStationMessage(FORUM_UPDF) as UpdfMessage;
    expect(msg.msgtype).toBe('updf');
    expect(phyPayloadOf(msg).toString('hex').toUpperCase()).toBe(FORUM_FRAME);
    const frame = uplinkFrameOf(msg, 'b827ebfffe6151ad' as Eui64, getRegion('US915'));
    expect(frame.txInfo).toMatchObject({
      frequencyHz: 902_500_000,
      dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
    });
    expect(frame.rxInfo).toMatchObject({ rssiDbm: -29, snrDb: 10.25, crcStatus: 'ok' });
    expect(frame.rxInfo.timestampUs).toBe(Number(2814750255613011n & 0xffffffffn));
    expect(frame.rxInfo.timeMs).toBe(1616510695330);
  });

  it('reads a jreq into the 23-byte join-request, EUIs little-endian on air', () => {
    const msg = decodeStationMessage(
      '{"msgtype":"jreq","MHdr":0,"JoinEui":"70-B3-D5-7E-D0-00-00-01",' +
        '"DevEui":"00-11-22-33-44-55-66-77","DevNonce":513,"MIC":-1,"DR":5,"Freq":868100000,' +
        '"upinfo":{"rctx":3,"xtime":72339069014638593,"rssi":-70,"snr":7}}',
    );
    expect(msg.msgtype).toBe('jreq');
    if (msg.msgtype !== 'jreq') return;
    expect(msg.upinfo.xtime).toBe(72339069014638593n);
    expect(msg.upinfo.rctx).toBe(3n);
    expect(phyPayloadOf(msg).toString('hex')).toBe(
      '00' + '010000d07ed5b370' + '7766554433221100' + '0102' + 'ffffffff',
    );
  });

  it('takes a propdf frame whole', () => {
    const msg = decodeStationMessage(
      '{"msgtype":"propdf","FRMPayload":"E0010203","DR":0,"Freq":868100000,' +
        '"upinfo":{"xtime":1,"rssi":-90,"snr":-3.5}}',
    );
    expect(msg.msgtype).toBe('propdf');
    if (msg.msgtype !== 'propdf') return;
    expect(phyPayloadOf(msg).toString('hex')).toBe('e0010203');
    expect(msg.upinfo.rctx).toBe(0n);
  });

  it('reads version, dntxed (diid or the older seqno) and timesync', () => {
    expect(
      decodeStationMessage(
        '{"msgtype":"version","station":"2.0.6(rpi/std)","firmware":null,"package":null,' +
          '"model":"rpi","protocol":2,"features":"rmtsh gps"}',
      ),
    ).toMatchObject({ msgtype: 'version', model: 'rpi', protocol: 2, firmware: undefined });
    expect(
      decodeStationMessage(
        '{"msgtype":"dntxed","seqno":7,"diid":7,"DR":5,"Freq":868100000,' +
          '"DevEui":"00-00-00-00-00-00-00-01","rctx":0,"xtime":72339069014638593,' +
          '"txtime":1616510695.33,"gpstime":0}',
      ),
    ).toMatchObject({ msgtype: 'dntxed', diid: 7, xtime: 72339069014638593n });
    expect(decodeStationMessage('{"msgtype":"dntxed","seqno":9}')).toMatchObject({ diid: 9 });
    expect(decodeStationMessage('{"msgtype":"timesync","txtime":1234}')).toEqual({
      msgtype: 'timesync',
      txtime: 1234,
    });
  });

  it('names what is wrong: JSON, msgtype, field, unsupported', () => {
    expect(code(() => decodeStationMessage('{"msgtype":'))).toBe('STATION_INVALID_JSON:undefined');
    expect(code(() => decodeStationMessage('[1]'))).toBe('STATION_INVALID_JSON:undefined');
    expect(code(() => decodeStationMessage('{"a":1}'))).toBe('STATION_MISSING_FIELD:msgtype');
    expect(code(() => decodeStationMessage('{"msgtype":"hello"}'))).toBe(
      'STATION_UNKNOWN_MSGTYPE:undefined',
    );
    expect(code(() => decodeStationMessage('{"msgtype":"rmtsh"}'))).toBe(
      'STATION_UNSUPPORTED:undefined',
    );
    const updf = JSON.parse(FORUM_UPDF.replace(/"xtime":\d+/, '"xtime":1')) as Record<
      string,
      unknown
    >;
    const bad = (patch: Record<string, unknown>): string =>
      code(() => decodeStationMessage(JSON.stringify({ ...updf, ...patch })));
    expect(bad({ MHdr: 256 })).toBe('STATION_INVALID_FIELD:MHdr');
    expect(bad({ DevAddr: 2 ** 32 })).toBe('STATION_INVALID_FIELD:DevAddr');
    expect(bad({ FOpts: '0' })).toBe('STATION_INVALID_FIELD:FOpts');
    // FOptsLen (FCtrl bits 0-3) must match the FOpts given.
    expect(bad({ FOpts: '0203' })).toBe('STATION_INVALID_FIELD:FOpts');
    expect(bad({ FPort: -1 })).toBe('STATION_INVALID_FIELD:FPort');
    expect(bad({ FRMPayload: 'zz' })).toBe('STATION_INVALID_FIELD:FRMPayload');
    expect(bad({ DR: 16 })).toBe('STATION_INVALID_FIELD:DR');
    expect(bad({ Freq: undefined })).toBe('STATION_MISSING_FIELD:Freq');
    expect(bad({ upinfo: { xtime: 1, rssi: -1 } })).toBe('STATION_MISSING_FIELD:snr');
  });

  it('refuses frames of another region: DR or frequency not the gateway region’s', () => {
    const msg = decodeStationMessage(FORUM_UPDF) as UpdfMessage;
    const eu = getRegion('EU868');
    expect(code(() => uplinkFrameOf(msg, '0000000000000001' as Eui64, eu))).toBe(
      'STATION_OTHER_REGION:Freq',
    );
    // US915 DR8 is downlink only.
    expect(
      code(() => uplinkFrameOf({ ...msg, dr: 8 }, '0000000000000001' as Eui64, getRegion('US915'))),
    ).toBe('STATION_OTHER_REGION:DR');
  });

  it('keeps 64-bit integers exact both ways', () => {
    const text = '{"xtime":72339069014638593,"router":-5176909761922117203,"note":"\\"xtime\\":1"}';
    expect(parseStationJson(text)).toEqual({
      xtime: 72339069014638593n,
      router: -5176909761922117203n,
      note: '"xtime":1',
    });
    expect(stationJson({ xtime: 72339069014638593n, rctx: 0n, s: 'a' })).toBe(
      '{"xtime":72339069014638593,"rctx":0,"s":"a"}',
    );
  });

  it('reads the router of a discovery request in each form', () => {
    expect(decodeRouterInfoRequest('{"router":"b827:ebff:fe61:51ad"}')).toBe('b827ebfffe6151ad');
    expect(decodeRouterInfoRequest('{"router":13269834311787434413}')).toBe('b827ebfffe6151ad');
    expect(code(() => decodeRouterInfoRequest('{"router":"x"}'))).toBe(
      'STATION_INVALID_FIELD:router',
    );
    expect(code(() => decodeRouterInfoRequest('{}'))).toBe('STATION_MISSING_FIELD:router');
  });
});
