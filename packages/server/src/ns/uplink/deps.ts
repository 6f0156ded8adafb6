/** What every uplink step may use, built once by NetworkServer. */
import type { Logger } from '../../shared/logger.js';
import type { NsConfig } from '../config.js';
import { NsInternalError } from '../errors.js';
import type { ClassARequest } from '../downlink/types.js';
import type { NsPorts } from '../ports.js';
import type { AdrConfig } from '../adr/index.js';
import type { SessionCryptoCache } from './crypto-cache.js';
import type { DevAddrSpace } from './dev-addr.js';
import type { KeyedSerializer } from '../../shared/keyed-serializer.js';
import type { DropEvent } from './step.js';

export interface UplinkDeps {
  readonly ports: NsPorts;
  readonly config: NsConfig;
  readonly log: Logger;
  readonly cryptoCache: SessionCryptoCache;
  readonly adr: AdrConfig;
  readonly devAddrSpace: DevAddrSpace;
  readonly randomBytes: (size: number) => Buffer;
  /** One device's uplinks run one at a time (keyed by DevAddr or DevEUI). */
  readonly serial: KeyedSerializer;
  /** Hands a class A request to the scheduler without waiting for the downlink. */
  readonly schedule: (request: ClassARequest) => void;
  /** Writes an event to the events log, at most once a minute when it is rate-limited. */
  readonly report: (event: DropEvent) => void;
}

/** A value an earlier step must have set; missing means the step list is out of order. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NsInternalError('uplink step order broken', { missing: what });
  return value;
}
