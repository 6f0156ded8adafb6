/**
 * A LoRaWAN 1.0.x end device in software, for `lns simulate` and end-to-end tests: it builds
 * real uplinks and join-requests with real crypto, and checks and decrypts what the network
 * sends back, exactly as a device would.
 */
import {
  SessionCrypto,
  buildDataFrame,
  buildJoinRequest,
  decodeJoinAcceptPlain,
  decodeMacCommands,
  decodePhyPayload,
  decryptJoinAccept,
  deriveSessionKeys10,
  verifyJoinAcceptMic,
} from '../lorawan/index.js';
import type { DecodedMacCommand, JoinAcceptPlain } from '../lorawan/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';

export interface AbpSession {
  readonly devAddr: DevAddr;
  readonly nwkSKey: string;
  readonly appSKey: string;
}

export interface OtaaIdentity {
  readonly devEui: Eui64;
  readonly joinEui: Eui64;
  readonly appKey: string;
}

export interface UplinkOptions {
  readonly fPort?: number;
  readonly payload?: Buffer;
  readonly confirmed?: boolean;
  /** Acknowledge the last confirmed downlink. */
  readonly ack?: boolean;
  readonly adr?: boolean;
  readonly fOpts?: Buffer;
}

export interface DecodedDownlink {
  readonly mType: string;
  readonly micOk: boolean;
  readonly fCnt: number;
  readonly ack: boolean;
  readonly fPending: boolean;
  readonly fPort: number | undefined;
  /** Decrypted FRMPayload (application data, or MAC commands on FPort 0). */
  readonly payload: Buffer;
  readonly macCommands: readonly DecodedMacCommand[];
}

export class SimDevice {
  session: AbpSession | undefined;
  readonly identity: OtaaIdentity | undefined;
  /** Next uplink counter (32-bit). */
  fCntUp: number;
  /** Last downlink counter seen, for 32-bit reconstruction. */
  #lastFCntDown = -1;
  #crypto: SessionCrypto | undefined;

  constructor(opts: { session?: AbpSession; identity?: OtaaIdentity; fCntUp?: number }) {
    this.session = opts.session;
    this.identity = opts.identity;
    this.fCntUp = opts.fCntUp ?? 0;
  }

  #sessionCrypto(): { session: AbpSession; crypto: SessionCrypto } {
    const session = this.session;
    if (!session) throw new Error('device has no session: join first or give ABP keys');
    this.#crypto ??= new SessionCrypto({
      nwkSKey: Buffer.from(session.nwkSKey, 'hex'),
      appSKey: Buffer.from(session.appSKey, 'hex'),
    });
    return { session, crypto: this.#crypto };
  }

  /** Builds the next uplink and advances the counter (pass fCnt to resend a counter). */
  uplink(opts: UplinkOptions = {}, fCnt = this.fCntUp): Buffer {
    const { session, crypto } = this.#sessionCrypto();
    const frame = buildDataFrame(
      {
        mType: opts.confirmed ? 'ConfirmedDataUp' : 'UnconfirmedDataUp',
        devAddr: session.devAddr,
        fCnt32: fCnt >>> 0,
        fCtrl: { adr: opts.adr ?? false, ack: opts.ack ?? false },
        fOpts: opts.fOpts,
        fPort: opts.payload && opts.payload.length > 0 ? (opts.fPort ?? 1) : opts.fPort,
        payload: opts.payload,
      },
      crypto,
    );
    if (fCnt === this.fCntUp) this.fCntUp = (this.fCntUp + 1) >>> 0;
    return frame;
  }

  joinRequest(devNonce: number): Buffer {
    const id = this.#identity();
    return buildJoinRequest(
      { joinEui: id.joinEui, devEui: id.devEui, devNonce },
      Buffer.from(id.appKey, 'hex'),
    );
  }

  /**
   * Decrypts and verifies a join-accept and takes the new session (counters reset).
   * Throws if the MIC does not verify with the AppKey.
   */
  acceptJoin(phyPayload: Buffer, devNonce: number): JoinAcceptPlain {
    const id = this.#identity();
    const appKey = Buffer.from(id.appKey, 'hex');
    const plain = decodeJoinAcceptPlain(decryptJoinAccept(phyPayload, appKey));
    if (!verifyJoinAcceptMic(plain, appKey)) throw new Error('join-accept MIC does not verify');
    const keys = deriveSessionKeys10(appKey, plain.joinNonce, plain.netId, devNonce);
    this.session = {
      devAddr: plain.devAddr,
      nwkSKey: keys.nwkSKey.toString('hex'),
      appSKey: keys.appSKey.toString('hex'),
    };
    this.#crypto = undefined;
    this.fCntUp = 0;
    this.#lastFCntDown = -1;
    return plain;
  }

  #identity(): OtaaIdentity {
    if (!this.identity) throw new Error('device has no OTAA identity (DevEUI, JoinEUI, AppKey)');
    return this.identity;
  }

  /** Checks the MIC and decrypts a downlink data frame addressed to this device. */
  decodeDownlink(phyPayload: Buffer): DecodedDownlink {
    const { session, crypto } = this.#sessionCrypto();
    const frame = decodePhyPayload(phyPayload);
    if (frame.mType !== 'UnconfirmedDataDown' && frame.mType !== 'ConfirmedDataDown') {
      throw new Error(`not a downlink data frame: ${frame.mType}`);
    }
    if (frame.devAddr !== session.devAddr) {
      throw new Error(`downlink for ${frame.devAddr}, device is ${session.devAddr}`);
    }
    // Reconstruct the 32-bit counter from the 16 bits on air, as a device does.
    const last = this.#lastFCntDown < 0 ? 0 : this.#lastFCntDown;
    let fCnt32 = ((last & 0xffff0000) | frame.fCnt) >>> 0;
    if (fCnt32 < last) fCnt32 = (fCnt32 + 0x10000) >>> 0;
    const micOk = crypto.verifyFrameMic(frame, fCnt32);
    if (micOk) this.#lastFCntDown = fCnt32;
    const payload = crypto.decryptFrmPayload(frame, fCnt32);
    const macBytes = frame.fPort === 0 ? payload : frame.fOpts;
    return {
      mType: frame.mType,
      micOk,
      fCnt: fCnt32,
      ack: frame.fCtrl.ack,
      fPending: frame.fCtrl.fPending,
      fPort: frame.fPort,
      payload: frame.fPort === 0 ? Buffer.alloc(0) : payload,
      macCommands: macBytes.length > 0 ? decodeMacCommands(macBytes, 'down') : [],
    };
  }
}
