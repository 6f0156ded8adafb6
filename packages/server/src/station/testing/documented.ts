/**
 * What the Basics Station documentation and RP002-1.0.4 say a router_config holds, for the
 * tests of router_config (unit and over a real WebSocket): written from the documents, not
 * from lns's region tables.
 */
import { expect } from 'vitest';

const UNDEFINED_DR = [-1, 0, 0];

/** The documentation's EU863 `DRs`: SF12-SF7 at 125 kHz, SF7 at 250 kHz, FSK, then none. */
export const EU863_DRS = [
  [12, 125, 0],
  [11, 125, 0],
  [10, 125, 0],
  [9, 125, 0],
  [8, 125, 0],
  [7, 125, 0],
  [7, 250, 0],
  [0, 0, 0],
  ...Array.from({ length: 8 }, () => UNDEFINED_DR),
];

/** The documentation's US902 `DRs`: DR8-13 are downlink only (DNONLY 1). */
export const US902_DRS = [
  [10, 125, 0],
  [9, 125, 0],
  [8, 125, 0],
  [7, 125, 0],
  [8, 500, 0],
  UNDEFINED_DR,
  UNDEFINED_DR,
  UNDEFINED_DR,
  [12, 500, 1],
  [11, 500, 1],
  [10, 500, 1],
  [9, 500, 1],
  [8, 500, 1],
  [7, 500, 1],
  UNDEFINED_DR,
  UNDEFINED_DR,
];

/**
 * RP002-1.0.4 §2.4.2: the default channels 868.1/868.3/868.5 MHz, and the five channels
 * 867.1-867.9 MHz an EU868 join-accept's CFList adds (the 8-channel gateway setup).
 */
export const EU868_CHANNELS_HZ = [
  867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000, 868_100_000, 868_300_000,
  868_500_000,
];

/**
 * RP002-1.0.4 §2.5.2: US915 channels 8-15 (902.3 + 0.2 n MHz) and 65 (903.0 + 1.6 n MHz,
 * 500 kHz), which lies between them.
 */
export const US915_SUB_BAND_2_HZ = [
  903_900_000, 904_100_000, 904_300_000, 904_500_000, 904_600_000, 904_700_000, 904_900_000,
  905_100_000, 905_300_000,
];

export type Sx1301Board = Record<
  string,
  { enable: boolean; radio?: number; if?: number; freq?: number }
>;

/**
 * The frequencies an `sx1301_conf` board listens on (radio centre + IF of each enabled modem),
 * sorted. Checks each modem where the SX1301 can take it: 125 kHz channels up to 400 kHz off
 * their radio's centre, the 500 kHz one up to 300 kHz.
 */
export function listenedChannels(board: Sx1301Board): number[] {
  const out: number[] = [];
  for (const [name, c] of Object.entries(board)) {
    if (!name.startsWith('chan_') || !c.enable) continue;
    const radio = board[`radio_${c.radio ?? -1}`];
    expect(radio?.enable).toBe(true);
    expect(Math.abs(c.if ?? Infinity)).toBeLessThanOrEqual(
      name === 'chan_Lora_std' ? 300_000 : 400_000,
    );
    out.push((radio?.freq ?? 0) + (c.if ?? 0));
  }
  return out.sort((a, b) => a - b);
}
