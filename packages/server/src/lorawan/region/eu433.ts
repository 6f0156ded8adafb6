/** EU433 [RP002-1.0.4 §2.7]: dynamic plan with three default channels, EU868 data rates. */
import { defineRegion } from './define-region.js';
import { euLikeRegionData } from './eu-like.js';

export const eu433Data = euLikeRegionData({
  name: 'EU433',
  frequencyRangeHz: { minHz: 433_175_000, maxHz: 434_665_000 },
  // [RP002-1.0.4 §2.7.2] 433.175, 433.375, 433.575 MHz.
  defaultChannelsHz: [433_175_000, 433_375_000, 433_575_000],
  // [RP002-1.0.4 §2.7.7] RX2: 434.665 MHz, DR0.
  rx2FrequencyHz: 434_665_000,
  // [RP002-1.0.4 §2.7.3] max EIRP 12.15 dBm, TXPower 0..5.
  defaultMaxEirpDbm: 12.15,
  maxTxPowerIndex: 5,
});

/** EU433 as a Region. */
export const eu433 = defineRegion(eu433Data);
