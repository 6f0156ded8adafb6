// @vitest-environment node
/**
 * The admin's region choices (src/regions.ts) against the server's region tables. The app
 * cannot load server code, so it writes the names out; this test, in e2e/ because only the
 * tests here may import the server, keeps the two in step. No browser, no node process.
 */
import { describe, expect, it } from 'vitest';
import { getRegion, regionNames as serverRegionNames } from '../../server/src/lorawan/index.js';
import { regionNames } from '../src/regions.js';

describe('region choices of the admin', () => {
  it('offer every region name the server has', () => {
    expect(regionNames).toEqual(expect.arrayContaining([...serverRegionNames]));
  });

  it('offer only regions the server has tables for', () => {
    for (const name of regionNames) expect(getRegion(name).name, name).toBeTruthy();
  });
});
