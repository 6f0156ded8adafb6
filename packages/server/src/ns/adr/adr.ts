/**
 * Network-side ADR after ChirpStack's default algorithm (`chirpstack/src/adr/default.rs`) and
 * Semtech's recommendation: margin = best recent SNR - required SNR of the data rate -
 * installation margin; every 3 dB of margin is one step: first a faster data rate (up to the
 * region's fastest 125 kHz LoRa rate), then less TX power. A negative margin only raises TX
 * power back (never lowers the data rate), and only once the history is full.
 */
import type { LinkAdrReq, Region } from '../../lorawan/index.js';
import type { AdrState, MacVersion } from '../model.js';
import { adrChannelMask } from './channel-plan.js';
import { loraRequiredSnrDb } from './required-snr.js';

export interface AdrConfig {
  /**
   * dB kept above the demodulation floor for fading and interference. 10 dB is ChirpStack's
   * `installation_margin` default; TTS uses 15 dB, which keeps devices slower.
   */
  readonly marginDb: number;
  /** SNRs kept per device: 20 uplinks, as ChirpStack and Semtech's recommendation use. */
  readonly historySize: number;
}

export const defaultAdrConfig: AdrConfig = { marginDb: 10, historySize: 20 };

/** dB of margin per ADR step (one data rate or one TXPower index, 2 dB in most regions). */
const STEP_DB = 3;
const LORA_125_KHZ = 125_000;

/** State of a device seen for the first time: max power and one transmission (join defaults). */
export function initialAdrState(dataRate: number): AdrState {
  return { dataRate, txPower: 0, nbTrans: 1, snrHistory: [] };
}

/** The state with the data rate of the latest uplink. */
export function observeDataRate(state: AdrState | undefined, dataRate: number): AdrState {
  if (state === undefined) return initialAdrState(dataRate);
  return state.dataRate === dataRate ? state : { ...state, dataRate };
}

/** The state with one more best-copy SNR, keeping the newest `historySize`. */
export function pushSnr(state: AdrState, snrDb: number, historySize: number): AdrState {
  const history = [...state.snrHistory, snrDb];
  return { ...state, snrHistory: history.slice(Math.max(0, history.length - historySize)) };
}

/** The region's uplink LoRa 125 kHz data rates, slowest first. */
function lora125DataRates(region: Region): number[] {
  const out: number[] = [];
  for (const [dr, entry] of region.dataRates) {
    const rate = entry.dataRate;
    if (entry.uplink && rate.modulation === 'LORA' && rate.bandwidthHz === LORA_125_KHZ) {
      out.push(dr);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Data rate, TXPower index and NbTrans ADR wants a device to use. */
export interface AdrDecision {
  readonly dataRate: number;
  readonly txPower: number;
  readonly nbTrans: number;
}

/**
 * What the device should change to, or undefined to leave it as it is (no history, not on a
 * 125 kHz LoRa rate, or already right).
 */
export function computeAdr(
  state: AdrState,
  region: Region,
  config: AdrConfig = defaultAdrConfig,
): AdrDecision | undefined {
  const rates = lora125DataRates(region);
  const at = rates.indexOf(state.dataRate);
  const current = region.dataRates.get(state.dataRate)?.dataRate;
  // FSK, LR-FHSS and wide LoRa rates are the device's or the operator's choice, not ADR's.
  if (at < 0 || current?.modulation !== 'LORA' || state.snrHistory.length === 0) return undefined;
  const maxSnrDb = Math.max(...state.snrHistory);
  const marginDb = maxSnrDb - loraRequiredSnrDb(current.spreadingFactor) - config.marginDb;
  let steps = Math.trunc(marginDb / STEP_DB);
  // Raising power on a short history would flip up and down with every fade.
  if (steps < 0 && state.snrHistory.length < config.historySize) return undefined;
  let rateAt = at;
  let txPower = state.txPower;
  const maxTxPower = region.txPowerOffsetsDb.length - 1;
  for (; steps > 0 && rateAt < rates.length - 1; steps--) rateAt++;
  // A higher TXPower index is less power [RP002-1.0.4 §2.x.3].
  for (; steps > 0 && txPower < maxTxPower; steps--) txPower++;
  for (; steps < 0 && txPower > 0; steps++) txPower--;
  const dataRate = rates[rateAt]!;
  if (dataRate === state.dataRate && txPower === state.txPower) return undefined;
  return { dataRate, txPower, nbTrans: state.nbTrans };
}

/** The LinkADRReq block carrying a decision: one command per ChMask setting, same values. */
export function linkAdrRequests(
  decision: AdrDecision,
  region: Region,
  macVersion: MacVersion,
): LinkAdrReq[] {
  return adrChannelMask(region, macVersion).map((mask) => ({
    name: 'LinkADRReq',
    dataRate: decision.dataRate,
    txPower: decision.txPower,
    chMask: mask.chMask,
    chMaskCntl: mask.chMaskCntl,
    nbTrans: decision.nbTrans,
  }));
}
