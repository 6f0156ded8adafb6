import { describe, expect, it } from 'vitest';
import { LorawanEncodeError } from '../errors.js';
import { chMaskChannels, chMaskFromChannels } from './link-adr.js';

describe('ChMask helpers', () => {
  it('lists the set bits as 0-based channel indexes, bit 0 first [L2 1.0.4 §5.2]', () => {
    expect(chMaskChannels(0x0000)).toEqual([]);
    expect(chMaskChannels(0x1003)).toEqual([0, 1, 12]);
    expect(chMaskChannels(0xffff)).toEqual([...Array(16).keys()]);
  });

  it('builds the ChMask of a channel list, ignoring duplicates', () => {
    expect(chMaskFromChannels([12, 0, 1, 1])).toBe(0x1003);
    expect(chMaskFromChannels([])).toBe(0);
    expect(chMaskFromChannels(new Set([15]))).toBe(0x8000);
  });

  it.each([16, -1, 2.5])('refuses channel %s outside one 16-channel block', (ch) => {
    expect(() => chMaskFromChannels([ch])).toThrow(LorawanEncodeError);
  });
});
