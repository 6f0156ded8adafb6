/**
 * Network-server settings. Each default says why it holds; app.ts builds the config from
 * the node's Config.
 */
export interface NsConfig {
  /** This node's name: frames and integration events say which server handled them. */
  readonly server: string;
  /** NetID (6 hex digits) whose NwkID prefix new DevAddrs get [L2 1.0.4 §6.1.1]. */
  readonly netId: string;
  /**
   * How long copies of one uplink from several gateways are gathered. 200 ms catches the
   * copies that arrive through slow backhaul while leaving ~800 ms of the 1 s RX1 budget.
   */
  readonly dedupWindowMs: number;
  /**
   * How long before a window's opening the PULL_RESP must leave this node: the gateway needs
   * ~32 ms (JIT margin) plus backhaul latency; 150 ms covers cellular backhaul.
   */
  readonly downlinkLeadMs: number;
  /** How long to wait for a TX_ACK before assuming a v1 gateway (which never sends one). */
  readonly txAckTimeoutMs: number;
  /** Max FCnt gap accepted for MAC < 1.0.4 [L2 1.0.3 §4.3.1.5 MAX_FCNT_GAP]. */
  readonly maxFCntGap: number;
  /** A pending MAC command is dropped after this many sends without an answer. */
  readonly maxMacResends: number;
}

export const defaultNsConfig: Omit<NsConfig, 'server' | 'netId'> = {
  dedupWindowMs: 200,
  downlinkLeadMs: 150,
  txAckTimeoutMs: 500,
  maxFCntGap: 16384,
  maxMacResends: 3,
};
