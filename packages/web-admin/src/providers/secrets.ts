/**
 * Secrets as the API serves them (server api/secrets.ts): every read shows `********` in
 * place of a key or an integration header value; an admin reads the value with
 * `GET /api/<res>/<id>?reveal=true` (recorded in the server's audit trail); a form that saves
 * the mask back keeps the stored secret. Viewers never get a value.
 */
import { useCallback } from 'react';
import { useDataProvider, usePermissions, useRecordContext, useResourceContext } from 'react-admin';
import type { SecretMask } from '../../../server/src/shared/contract';
import type { LnsDataProvider } from './data-provider';

export const SECRET_MASK: SecretMask = '********';

export function isMasked(value: unknown): boolean {
  return value === SECRET_MASK;
}

export interface Reveal {
  /** The user may ask the server for plain values (role admin). */
  readonly allowed: boolean;
  /** The current record as an admin's `?reveal=true` read returns it. */
  readonly fetch: () => Promise<Record<string, unknown>>;
}

/** Revealing the secrets of the record in context (a show page or an edit form). */
export function useReveal(): Reveal {
  const record = useRecordContext();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<LnsDataProvider>();
  const { permissions } = usePermissions<string>();
  const id = record?.id;
  const fetch = useCallback(async () => {
    if (resource === undefined || id === undefined) throw new Error('no record to reveal');
    return dataProvider.reveal(resource, id);
  }, [dataProvider, resource, id]);
  return { allowed: permissions === 'admin', fetch };
}
