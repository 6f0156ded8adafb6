/**
 * The one place the UI talks HTTP: adds `Authorization: Bearer <token>` to every request and
 * turns API error bodies into react-admin HttpErrors whose `body.errors` name the form field.
 */
import { HttpError, fetchUtils } from 'react-admin';
import type { ApiErrorBody } from './api-errors';
import { fieldErrorsOf, isApiErrorBody } from './api-errors';
import { getToken } from './token';

export type HttpClient = (
  url: string,
  options?: fetchUtils.Options,
) => Promise<{ status: number; headers: Headers; body: string; json: unknown }>;

export function createHttpClient(tokenSource: () => string | null = getToken): HttpClient {
  return async (url, options = {}) => {
    const headers = new Headers(options.headers ?? { Accept: 'application/json' });
    const token = tokenSource();
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    try {
      const response = await fetchUtils.fetchJson(url, { ...options, headers });
      return {
        status: response.status,
        headers: response.headers,
        body: response.body,
        json: response.json as unknown,
      };
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const body: unknown = err.body;
      const status = err.status as number;
      const errors = fieldErrorsOf(status, body);
      const apiBody: ApiErrorBody | undefined = isApiErrorBody(body) ? body : undefined;
      throw new HttpError(
        apiBody?.message ?? err.message,
        status,
        errors === undefined ? body : { ...(body as object), errors },
      );
    }
  };
}
