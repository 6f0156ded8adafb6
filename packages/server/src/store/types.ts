/**
 * Records the store keeps besides those of ns/model.ts, and the list query every repository
 * answers (the react-admin list dialect, already parsed).
 */

export type SortOrder = 'ASC' | 'DESC';

/** A parsed list request: `range` is inclusive at both ends, like react-admin's. */
export interface RecordQuery {
  readonly sort?: { readonly field: string; readonly order: SortOrder } | undefined;
  readonly range?: { readonly start: number; readonly end: number } | undefined;
  /**
   * Field → value: exact match (an array means "any of"), `q` searches every string field.
   * Values are compared as text, so `{"fPort":"2"}` from a text input matches `fPort: 2`.
   */
  readonly filter?: Readonly<Record<string, unknown>> | undefined;
  /** Top-level fields `q` does not search (secrets: a substring search would leak them). */
  readonly unsearched?: readonly string[] | undefined;
}

/** One page of a list and the number of records that matched the filter. */
export interface ListResult<T> {
  readonly items: T[];
  readonly total: number;
}

export type UserRole = 'admin' | 'viewer';

/** A user as stored; `passwordHash` is a self-describing scrypt string (see password.ts). */
export interface UserRecord {
  readonly id: string;
  readonly role: UserRole;
  readonly passwordHash: string;
  /**
   * Login tokens carry it; a token with another value is void. Drawn at random when the user
   * is created and again whenever its password or role changes, so those changes end every
   * session of the user on every node (the record replicates). Random rather than a counter:
   * a user deleted and created again under the same name gets none of the old tokens back.
   * Absent in records written before it existed (tokens then carry none either).
   */
  readonly tokenGeneration?: string;
}

/** A user as the API shows it: the password hash never leaves the store. */
export interface PublicUser {
  readonly id: string;
  readonly role: UserRole;
}

// The integrations record is ns/model.ts's (integrations/ reads it without importing store/).
export type { IntegrationEventType, IntegrationRecord, IntegrationType } from '../ns/index.js';
