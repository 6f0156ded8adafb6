import { SyncError } from '../errors.js';
import { assertNodeId } from '../hlc.js';
import { openStore } from '../store/index.js';
import { parseAddress } from '../transport/index.js';
import type { Cluster, ClusterOptions } from './api.js';
import { ClusterNode } from './node.js';

/**
 * Starts this node's cluster side: opens the store (for `dataDir`), listens, joins through
 * `dbMaster` at the first start, links to every member and keeps them in sync.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  assertNodeId(options.nodeId);
  if (typeof options.secret !== 'string' || options.secret.length === 0) {
    throw new SyncError('SYNC_INVALID_OPTIONS', 'cluster secret must be a non-empty string');
  }
  if ((options.store === undefined) === (options.dataDir === undefined)) {
    throw new SyncError('SYNC_INVALID_OPTIONS', 'give exactly one of store and dataDir');
  }
  if (options.dbMaster !== undefined) parseAddress(options.dbMaster);
  if (options.advertise !== undefined) parseAddress(options.advertise.replace(/:0$/, ':1'));
  const owned = options.store === undefined;
  const store =
    options.store ??
    (await openStore({
      ...options.storeOptions,
      location: options.dataDir,
      nodeId: options.nodeId,
    }));
  if (store.nodeId !== options.nodeId) {
    throw new SyncError('SYNC_INVALID_OPTIONS', 'store node id differs from the cluster node id', {
      storeNodeId: store.nodeId,
      nodeId: options.nodeId,
    });
  }
  const node = new ClusterNode(store, owned, options);
  try {
    await node.init();
  } catch (err) {
    await node.close({ abrupt: true });
    throw err;
  }
  return node;
}
