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
];

describe('txAckAction [GWMP §5]', () => {
  it.each(table)('%s -> %s', (status, action) => {
    for (const timing of ['timestamp', 'immediate', 'gps'] as const) {
      expect(txAckAction(status, timing)).toBe(action);
    }
  });

  it('TOO_EARLY for a tmst-timed frame is a missed window (jitqueue unsigned math): try RX2', () => {
    expect(txAckAction('TOO_EARLY', 'timestamp')).toBe('next_window');
    // GPS-timed or immediate: really more than 512 s ahead, a later window cannot help.
    expect(txAckAction('TOO_EARLY', 'gps')).toBe('give_up');
    expect(txAckAction('TOO_EARLY', 'immediate')).toBe('give_up');
  });

  it.each([...table, ['TOO_EARLY', 'give_up'] as const])('describes %s', (status) => {
    expect(describeTxAck(status)).toMatch(/\w/);
  });

  it('names the gateway error code in the text', () => {
    expect(describeTxAck('COLLISION_PACKET')).toContain('COLLISION_PACKET');
    expect(describeTxAck('too_late')).toBe('too late');
  });
});
