import { describe, expect, it } from 'vitest';
import { gatewayRegion, gatewayRegionName } from './gateway-region.js';

describe('gatewayRegion', () => {
  it("is the gateway's own region when it has one", () => {
    expect(gatewayRegionName({ region: 'US915' }, 'EU868')).toBe('US915');
    expect(gatewayRegion({ region: 'AS923-3' }, 'EU868').commonName).toBe('AS923-3');
  });

  it("falls back to the node's default region (LNS_REGION) for no region or no record", () => {
    expect(gatewayRegionName({}, 'KR920')).toBe('KR920');
    expect(gatewayRegionName(undefined, 'KR920')).toBe('KR920');
    expect(gatewayRegion({}, 'AU915').name).toBe('AU915');
  });
});
