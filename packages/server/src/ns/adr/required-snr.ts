/**
 * LoRa demodulation floor: the lowest SNR a receiver still demodulates at each spreading
 * factor (Semtech SX127x/SX130x datasheets; the same table ChirpStack and TTS use). Link margins
 * (LinkCheckAns, ADR) are measured above it.
 */
import type { DataRate } from '../../shared/index.js';

/** Required SNR in dB for a LoRa spreading factor: -7.5 dB at SF7, 2.5 dB less per SF step. */
export function loraRequiredSnrDb(spreadingFactor: number): number {
  return -5 - 2.5 * (spreadingFactor - 6);
}

/** Required SNR of a data rate; undefined for FSK and LR-FHSS, which report no LoRa SNR. */
export function requiredSnrDb(dataRate: DataRate): number | undefined {
  return dataRate.modulation === 'LORA' ? loraRequiredSnrDb(dataRate.spreadingFactor) : undefined;
}
