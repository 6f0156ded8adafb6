/** CN779-787 [RP002-1.0.4 §2.6]: dynamic plan with three default channels, EU868 data rates. */
import { defineRegion } from './define-region.js';
import { euLikeRegionData } from './eu-like.js';

export const cn779Data = euLikeRegionData({
  name: 'CN779',
  frequencyRangeHz: { minHz: 779_000_000, maxHz: 787_000_000 },
  // [RP002-1.0.4 §2.6.2] 779.5, 779.7, 779.9 MHz.
  defaultChannelsHz: [779_500_000, 779_700_000, 779_900_000],
  // [RP002-1.0.4 §2.6.7] RX2: 786.0 MHz, DR0.
  rx2FrequencyHz: 786_000_000,
  // [RP002-1.0.4 §2.6.3] max EIRP 12.15 dBm, TXPower 0..5.
  defaultMaxEirpDbm: 12.15,
  maxTxPowerIndex: 5,
});

/** CN779-787 as a Region. */
export const cn779 = defineRegion(cn779Data);
