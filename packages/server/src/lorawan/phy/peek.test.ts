import { describe, expect, it } from 'vitest';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import { peekUplinkIdentity } from './peek.js';

const vectors = loadLorawanVectors();

describe('peekUplinkIdentity', () => {
  const uplinks = vectors.data_frames.filter((f) => f.direction === 'uplink');
  it.each(uplinks.map((f) => [f.id, f] as const))(
    'reads the DevAddr of data frame %s as the vector states it',
    (_id, f) => {
      expect(peekUplinkIdentity(hexField(f, 'phy_payload_hex'))).toEqual({
        kind: 'devAddr',
        devAddr: f.dev_addr,
      });
    },
  );

  it.each(vectors.join_requests.map((f) => [f.id, f] as const))(
    'reads the DevEUI of join-request %s as the vector states it',
    (_id, f) => {
      expect(peekUplinkIdentity(hexField(f, 'phy_payload_hex'))).toEqual({
        kind: 'devEui',
        devEui: f.dev_eui,
      });
    },
  );

  it('has no identity for downlinks, join-accepts, proprietary, RFU major or short frames', () => {
    const downlink = vectors.data_frames.find((f) => f.direction === 'downlink');
    expect(downlink).toBeDefined();
    expect(peekUplinkIdentity(hexField(downlink!, 'phy_payload_hex'))).toBeUndefined();
    expect(peekUplinkIdentity(Buffer.from('20' + '00'.repeat(16), 'hex'))).toBeUndefined();
    expect(peekUplinkIdentity(Buffer.from('e0' + '00'.repeat(16), 'hex'))).toBeUndefined();
    // Major 01 is RFU [L2 1.0.4 §4.2.2].
    expect(peekUplinkIdentity(Buffer.from('41' + '00'.repeat(16), 'hex'))).toBeUndefined();
    expect(peekUplinkIdentity(Buffer.from('40f17dbe49', 'hex'))).toBeUndefined();
    expect(peekUplinkIdentity(Buffer.alloc(0))).toBeUndefined();
    // A join-request must be exactly 23 bytes.
    expect(peekUplinkIdentity(Buffer.alloc(22))).toBeUndefined();
  });
});
