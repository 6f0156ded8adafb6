import { describe, expect, it } from 'vitest';
import type { DevAddr } from '../../shared/index.js';
import { NsConfigError, NsDevAddrExhaustedError } from '../errors.js';
import { allocateDevAddr, devAddrIn, devAddrSpace, isDevAddrIn } from './dev-addr.js';

/** Random bytes that are always the same 4 bytes. */
const fixed = (hex: string) => () => Buffer.from(hex, 'hex');

describe('devAddrSpace', () => {
  // [TS002-1.1.0 §13] prefix = N ones then a zero; NwkID = the NetID's LSBs.
  it.each([
    { netId: '000000', type: 0, lowest: '00000000', highest: '01ffffff', nwkAddrBits: 25 },
    { netId: '000013', type: 0, lowest: '26000000', highest: '27ffffff', nwkAddrBits: 25 },
    { netId: '00003f', type: 0, lowest: '7e000000', highest: '7fffffff', nwkAddrBits: 25 },
    { netId: '200005', type: 1, lowest: '85000000', highest: '85ffffff', nwkAddrBits: 24 },
    { netId: '400101', type: 2, lowest: 'd0100000', highest: 'd01fffff', nwkAddrBits: 20 },
    { netId: '600003', type: 3, lowest: 'e0060000', highest: 'e007ffff', nwkAddrBits: 17 },
    { netId: 'e00001', type: 7, lowest: 'fe000080', highest: 'fe0000ff', nwkAddrBits: 7 },
  ])(
    'NetID $netId (type $type): $lowest to $highest',
    ({ netId, lowest, highest, nwkAddrBits }) => {
      const space = devAddrSpace(netId);
      expect(space.nwkAddrBits).toBe(nwkAddrBits);
      expect(devAddrIn(space, 0)).toBe(lowest);
      expect(devAddrIn(space, 0xffffffff)).toBe(highest);
      expect(isDevAddrIn(space, lowest as DevAddr)).toBe(true);
      expect(isDevAddrIn(space, highest as DevAddr)).toBe(true);
    },
  );

  it('rejects devAddrs of other NetIDs', () => {
    expect(isDevAddrIn(devAddrSpace('000013'), '28000000' as DevAddr)).toBe(false);
  });

  it.each(['', '00000', '0000000', 'xyz123'])('refuses netId %j', (netId) => {
    expect(() => devAddrSpace(netId)).toThrow(NsConfigError);
  });
});

describe('allocateDevAddr', () => {
  it('draws again while the address is in use', async () => {
    const draws = ['00000001', '00000002', '00000003'];
    const random = () => Buffer.from(draws.shift()!, 'hex');
    const inUse = new Set(['00000001', '00000002']);
    const devAddr = await allocateDevAddr(
      devAddrSpace('000000'),
      (a) => Promise.resolve(inUse.has(a)),
      random,
    );
    expect(devAddr).toBe('00000003');
  });

  it('gives up after the attempts with NS_DEVADDR_EXHAUSTED', async () => {
    const attempt = allocateDevAddr(
      devAddrSpace('000000'),
      () => Promise.resolve(true),
      fixed('00000001'),
      3,
    );
    await expect(attempt).rejects.toThrow(NsDevAddrExhaustedError);
    await expect(attempt).rejects.toMatchObject({ code: 'NS_DEVADDR_EXHAUSTED' });
  });

  it('keeps the NetID prefix whatever the random bits', async () => {
    const devAddr = await allocateDevAddr(
      devAddrSpace('000013'),
      () => Promise.resolve(false),
      fixed('ffffffff'),
    );
    expect(devAddr).toBe('27ffffff');
  });
});
