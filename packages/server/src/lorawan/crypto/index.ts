/**
 * LoRaWAN 1.0.x crypto on node:crypto AES-128: CMAC, MICs, FRMPayload encryption and
 * session-key derivation. Hot paths take kept objects (AesCmac, AesEcb, SessionCrypto).
 */
export { AesCmac, AesEcb, aesCmac, aesEcbDecrypt, aesEcbEncrypt } from './aes-cmac.js';
export type { FrameDirection } from './payload-encryption.js';
export { aiBlock, decryptFrmPayload, encryptFrmPayload } from './payload-encryption.js';
export {
  MIC_BYTES,
  computeDataMic,
  computeJoinAcceptMic,
  computeJoinRequestMic,
  micMatches,
  verifyDataMic,
} from './mic.js';
export type { SessionKeys10 } from './session-keys.js';
export { deriveSessionKeys10 } from './session-keys.js';
export type { FrmPayloadFrame, MicFrame, SessionCryptoKeys } from './session-crypto.js';
export { SessionCrypto } from './session-crypto.js';
