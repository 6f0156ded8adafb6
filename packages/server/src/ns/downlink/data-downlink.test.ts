import { describe, expect, it } from 'vitest';
import { SessionCrypto, decodeMacCommands, getRegion } from '../../lorawan/index.js';
import type { LinkAdrReq, MacCommand } from '../../lorawan/index.js';
import type { DevAddr } from '../../shared/ids.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import { composeDataDownlink, encodeDataDownlink } from './data-downlink.js';
import type { DataDownlinkInput } from './data-downlink.js';
import { APP_S_KEY, DEV_ADDR, NWK_S_KEY, decodeDownlink, testQueued } from '../testing/downlink.js';

const eu868 = getRegion('EU868');
const us915 = getRegion('US915');
const DR5 = eu868.maxPayloadSize(5); // M 250, N 242
const DR0 = eu868.maxPayloadSize(0); // M 59, N 51

const linkCheckAns: MacCommand = { name: 'LinkCheckAns', marginDb: 7, gwCnt: 1 };
const devStatusReq: MacCommand = { name: 'DevStatusReq' };
const linkAdrReq = (chMaskCntl: number): LinkAdrReq => ({
  name: 'LinkADRReq',
  dataRate: 5,
  txPower: 1,
  chMask: 0x00ff,
  chMaskCntl,
  nbTrans: 1,
});

function input(overrides: Partial<DataDownlinkInput> = {}): DataDownlinkInput {
  return {
    adr: false,
    ack: false,
    adrAckReq: false,
    macCommands: [],
    queued: undefined,
    queuedCount: 0,
    maxPayload: DR5,
    ...overrides,
  };
}

const crypto = new SessionCrypto({
  nwkSKey: Buffer.from(NWK_S_KEY, 'hex'),
  appSKey: Buffer.from(APP_S_KEY, 'hex'),
});

describe('composeDataDownlink', () => {
  it('has nothing to send without ACK, MAC commands, queue or ADRACKReq', () => {
    expect(composeDataDownlink(input())).toEqual({ content: undefined, tooLarge: undefined });
  });

  it('sends an ACK-only frame: no FPort, no payload [L2 1.0.4 §4.3.1.2]', () => {
    const { content } = composeDataDownlink(input({ ack: true, adr: true }));
    expect(content).toMatchObject({
      mType: 'UnconfirmedDataDown',
      fCtrl: { adr: true, ack: true, fPending: false },
      fPort: undefined,
      item: undefined,
    });
    expect(content?.fOpts.length).toBe(0);
    expect(content?.payload.length).toBe(0);
  });

  it('answers ADRACKReq with an empty frame [L2 1.0.4 §4.3.1.1]', () => {
    const { content } = composeDataDownlink(input({ adrAckReq: true }));
    expect(content?.fCtrl).toEqual({ adr: false, ack: false, fPending: false });
    expect(content?.fPort).toBeUndefined();
  });

  it('puts MAC commands of up to 15 bytes in FOpts, next to the application payload', () => {
    const item = testQueued(Buffer.from('hello'));
    const { content } = composeDataDownlink(
      input({ macCommands: [linkCheckAns, devStatusReq], queued: item, queuedCount: 1 }),
    );
    expect(content?.fOpts.toString('hex')).toBe('02070106');
    expect(content?.fPort).toBe(2);
    expect(content?.payload.toString()).toBe('hello');
    expect(content?.item).toBe(item);
    expect(content?.macCommands).toEqual([linkCheckAns, devStatusReq]);
  });

  it('sends more than 15 bytes of MAC commands alone on FPort 0; the app payload waits', () => {
    const cmds = [linkAdrReq(0), linkAdrReq(1), linkAdrReq(2), linkAdrReq(3)]; // 20 bytes
    const item = testQueued(Buffer.from('later'));
    const { content } = composeDataDownlink(
      input({ macCommands: cmds, queued: item, queuedCount: 1 }),
    );
    expect(content?.fOpts.length).toBe(0);
    expect(content?.fPort).toBe(0);
    expect(content?.item).toBeUndefined();
    expect(content?.fCtrl.fPending).toBe(true);
    expect(decodeMacCommands(content!.payload, 'down')).toEqual(cmds);
  });

  it('keeps only the MAC commands that fit the data rate (US915 DR0: M 19, N 11)', () => {
    const cmds = [linkAdrReq(0), linkAdrReq(1), linkAdrReq(2)]; // 15 bytes > M - 7 = 12
    const { content } = composeDataDownlink(
      input({ macCommands: cmds, maxPayload: us915.maxPayloadSize(0) }),
    );
    expect(content?.fPort).toBe(0);
    expect(content?.macCommands).toEqual(cmds.slice(0, 2));
    expect(content?.macCommandsLeft).toEqual(cmds.slice(2));
    expect(content?.payload.length).toBe(10);
  });

  it('leaves a payload larger than N queued and says so; the ACK still goes', () => {
    const item = testQueued(Buffer.alloc(52, 1));
    const { content, tooLarge } = composeDataDownlink(
      input({ ack: true, queued: item, queuedCount: 1, maxPayload: DR0 }),
    );
    expect(tooLarge).toEqual({ item, sizeBytes: 52, maxBytes: 51 });
    expect(content?.item).toBeUndefined();
    expect(content?.fCtrl).toEqual({ adr: false, ack: true, fPending: true });
  });

  it('sends nothing when the only queued payload is too large', () => {
    const item = testQueued(Buffer.alloc(52, 1));
    const { content, tooLarge } = composeDataDownlink(
      input({ queued: item, queuedCount: 1, maxPayload: DR0 }),
    );
    expect(content).toBeUndefined();
    expect(tooLarge?.item).toBe(item);
  });

  it('carries a payload of exactly N bytes', () => {
    const item = testQueued(Buffer.alloc(51, 1));
    const { content, tooLarge } = composeDataDownlink(
      input({ queued: item, queuedCount: 1, maxPayload: DR0 }),
    );
    expect(tooLarge).toBeUndefined();
    expect(content?.item).toBe(item);
  });

  it('holds a payload that fits N but not N minus FOpts back, without calling it too large', () => {
    const item = testQueued(Buffer.alloc(50, 1));
    const { content, tooLarge } = composeDataDownlink(
      input({ macCommands: [linkCheckAns], queued: item, queuedCount: 1, maxPayload: DR0 }),
    );
    expect(tooLarge).toBeUndefined();
    expect(content?.item).toBeUndefined();
    expect(content?.fOpts.length).toBe(3);
    expect(content?.fCtrl.fPending).toBe(true);
  });

  it('sets FPending when more downlinks are queued [L2 1.0.4 §4.3.1.4]', () => {
    const item = testQueued(Buffer.from('a'));
    expect(composeDataDownlink(input({ queued: item, queuedCount: 2 })).content?.fCtrl).toEqual({
      adr: false,
      ack: false,
      fPending: true,
    });
    expect(
      composeDataDownlink(input({ queued: item, queuedCount: 1 })).content?.fCtrl.fPending,
    ).toBe(false);
  });

  it('sends a confirmed queued downlink as ConfirmedDataDown', () => {
    const item = testQueued(Buffer.from('c'), { confirmed: true });
    const { content } = composeDataDownlink(input({ queued: item, queuedCount: 1 }));
    expect(content?.mType).toBe('ConfirmedDataDown');
  });
});

describe('encodeDataDownlink', () => {
  const df13 = loadLorawanVectors().data_frames.find((v) => v.id === 'DF13')!;

  it(`${df13.id} (${df13.source}): FPort 1 payload 02 at FCnt 2 encodes to the captured frame`, () => {
    const session = new SessionCrypto({
      nwkSKey: hexField(df13, 'nwk_s_key'),
      appSKey: hexField(df13, 'app_s_key'),
    });
    const { content } = composeDataDownlink(
      input({
        queued: {
          ...testQueued(hexField(df13, 'computed_frm_payload_plaintext_hex')),
          fPort: df13.fport as number,
        },
        queuedCount: 1,
      }),
    );
    const phy = encodeDataDownlink(
      content!,
      df13.dev_addr as DevAddr,
      df13.fcnt_full as number,
      session,
    );
    expect(phy.toString('hex')).toBe(df13.phy_payload_hex);
  });

  it('writes the low 16 bits of FCntDown and signs with all 32', () => {
    const { content } = composeDataDownlink(input({ ack: true }));
    const phy = encodeDataDownlink(content!, DEV_ADDR, 0x0001_0005, crypto);
    const decoded = decodeDownlink(phy, 0x0001_0005);
    expect(decoded.frame.fCnt).toBe(5);
    expect(decoded.micOk).toBe(true);
    expect(decodeDownlink(phy, 5).micOk).toBe(false);
  });

  it('encrypts FPort 0 MAC commands with NwkSKey [L2 1.0.4 §4.3.3]', () => {
    const cmds = [linkAdrReq(0), linkAdrReq(1), linkAdrReq(2), linkAdrReq(3)];
    const { content } = composeDataDownlink(input({ macCommands: cmds }));
    const phy = encodeDataDownlink(content!, DEV_ADDR, 7, crypto);
    const decoded = decodeDownlink(phy, 7);
    expect(decoded.micOk).toBe(true);
    expect(decoded.frame.fPort).toBe(0);
    expect(decoded.frame.frmPayload.equals(content!.payload)).toBe(false);
    expect(decodeMacCommands(decoded.payload, 'down')).toEqual(cmds);
  });
});
