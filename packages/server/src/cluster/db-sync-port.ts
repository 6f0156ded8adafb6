/** The node's @lns/db-sync Cluster as the room's PeerChannel. */
import type { Cluster } from '@lns/db-sync';
import type { PeerChannel, PeerInfo } from './port.js';

export function peerChannelOf(cluster: Cluster): PeerChannel {
  return {
    nodeId: cluster.nodeId,
    members: (): PeerInfo[] => cluster.members(),
    onMembersChanged: (listener) => cluster.on('member_status', () => listener()),
    send: (nodeId, topic, payload) => cluster.send(nodeId, topic, payload),
    onMessage: (topic, handler) => cluster.onMessage(topic, handler),
    setMeta: (meta) => cluster.setMeta(meta),
  };
}
