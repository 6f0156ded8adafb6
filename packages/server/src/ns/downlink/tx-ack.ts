/**
 * What the scheduler does with each TX_ACK verdict [GWMP §5]. Only `NONE` (ok) means the gateway
 * programmed the frame; every error means it will not be sent, so a later window may still be
 * tried with the same frame (ChirpStack's gateway bridge does the same: RX1 error -> RX2).
 */
import type { DownlinkTiming } from '../../shared/radio.js';
import type { TxAckStatus } from '../ports.js';

/**
 * - `sent`: the gateway took the frame (ok), or it is a protocol v1 gateway that never answers
 *   (NO_ACK), which we must count as sent.
 * - `next_gateway`: no downlink path to this gateway; another copy's gateway may have one.
 * - `next_window`: this gateway refused this transmission; a later window (RX2) may work.
 * - `give_up`: a later window cannot help.
 */
export type TxAckAction = 'sent' | 'next_gateway' | 'next_window' | 'give_up';

/** The action for one TX_ACK status of a frame sent with this timing. */
export function txAckAction(status: TxAckStatus, timing: DownlinkTiming['kind']): TxAckAction {
  switch (status) {
    case 'ok':
    case 'NO_ACK':
      return 'sent';
    case 'NO_PATH':
      return 'next_gateway';
    case 'TOO_LATE':
    case 'COLLISION_PACKET':
    case 'COLLISION_BEACON':
    case 'TX_FREQ':
    case 'TX_POWER':
    case 'GPS_UNLOCKED':
    case 'UNKNOWN':
    case 'NOT_TRANSMITTED':
      return 'next_window';
    case 'TOO_EARLY':
      // The reference forwarder's jitqueue computes `tmst - now` unsigned, so a concentrator
      // time already past (RX1 missed over a slow backhaul) reads as far in the future and is
      // refused as TOO_EARLY [GWMP §7; lora_pkt_fwd 4.x jitqueue.c]: for tmst timing it means
      // "too late", and RX2 may still be reachable. Other timings: truly > 512 s ahead.
      return timing === 'timestamp' ? 'next_window' : 'give_up';
  }
}

/** A short text for events and logs, e.g. "gateway 0102…: COLLISION_PACKET". */
export function describeTxAck(status: TxAckStatus | 'too_late'): string {
  switch (status) {
    case 'ok':
      return 'sent';
    case 'NO_ACK':
      return 'no tx_ack (assumed sent)';
    case 'NO_PATH':
      return 'no downlink path to the gateway';
    case 'too_late':
      return 'too late';
    case 'TOO_LATE':
      return 'gateway says too late (TOO_LATE)';
    case 'TOO_EARLY':
      return 'gateway says too early (TOO_EARLY)';
    case 'COLLISION_PACKET':
      return 'collision with another packet (COLLISION_PACKET)';
    case 'COLLISION_BEACON':
      return 'collision with a beacon (COLLISION_BEACON)';
    case 'TX_FREQ':
      return 'frequency not supported (TX_FREQ)';
    case 'TX_POWER':
      return 'power not supported (TX_POWER)';
    case 'GPS_UNLOCKED':
      return 'gps not locked (GPS_UNLOCKED)';
    case 'UNKNOWN':
      return 'unknown gateway error (UNKNOWN)';
    case 'NOT_TRANSMITTED':
      return 'gateway did not confirm the transmission (no dntxed)';
  }
}
