/** RU864-870 [RP002-1.0.4 §2.13]: dynamic plan with two default channels, EU868 data rates. */
import { defineRegion } from './define-region.js';
import { euLikeRegionData } from './eu-like.js';

export const ru864Data = euLikeRegionData({
  name: 'RU864',
  frequencyRangeHz: { minHz: 864_000_000, maxHz: 870_000_000 },
  // [RP002-1.0.4 §2.13.2] 868.9 and 869.1 MHz.
  defaultChannelsHz: [868_900_000, 869_100_000],
  // [RP002-1.0.4 §2.13.7] RX2: 869.1 MHz, DR0.
  rx2FrequencyHz: 869_100_000,
  // [RP002-1.0.4 §2.13.3] max EIRP 16 dBm, TXPower 0..7.
  defaultMaxEirpDbm: 16,
  maxTxPowerIndex: 7,
});

/** RU864-870 as a Region. */
export const ru864 = defineRegion(ru864Data);
