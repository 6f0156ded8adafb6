import { describe, expect, it } from 'vitest';
import type { TxAckStatus } from '../ports.js';
import { describeTxAck, txAckAction } from './tx-ack.js';
import type { TxAckAction } from './tx-ack.js';

const table: [TxAckStatus, TxAckAction][] = [
  ['ok', 'sent'],
  ['NO_ACK', 'sent'],
  ['NO_PATH', 'next_gateway'],
  ['TOO_LATE', 'next_window'],
  ['COLLISION_PACKET', 'next_window'],
  ['COLLISION_BEACON', 'next_window'],
  ['TX_FREQ', 'next_window'],
  ['TX_POWER', 'next_window'],
  ['GPS_UNLOCKED', 'next_window'],
  ['UNKNOWN', 'next_window'],
  ['TOO_EARLY', 'give_up'],
];

describe('txAckAction [GWMP §5]', () => {
  it.each(table)('%s -> %s', (status, action) => {
    expect(txAckAction(status)).toBe(action);
  });

  it.each(table)('describes %s', (status) => {
    expect(describeTxAck(status)).toMatch(/\w/);
  });

  it('names the gateway error code in the text', () => {
    expect(describeTxAck('COLLISION_PACKET')).toContain('COLLISION_PACKET');
    expect(describeTxAck('too_late')).toBe('too late');
  });
});
