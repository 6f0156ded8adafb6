import { describe, expect, it } from 'vitest';
import { StoreError } from '../store/index.js';
import { ApiError } from './errors.js';
import { describeValidation, toHttpError } from './error-handler.js';

describe('error → HTTP', () => {
  it.each([
    [new ApiError('API_UNAUTHORIZED', 'who are you'), 401, 'unauthorized'],
    [new ApiError('API_FORBIDDEN', 'read only'), 403, 'forbidden'],
    [new ApiError('API_INVALID_QUERY', 'bad sort'), 400, 'invalid_query'],
    [new ApiError('API_INVALID_BODY', 'bad body'), 400, 'invalid_body'],
    [new ApiError('API_INVALID_ID', 'bad id'), 400, 'invalid_id'],
    [new ApiError('API_NOT_FOUND', 'nothing'), 404, 'not_found'],
    [new StoreError('STORE_NOT_FOUND', 'gone'), 404, 'not_found'],
    [new StoreError('STORE_ALREADY_EXISTS', 'dup'), 409, 'already_exists'],
    [new StoreError('STORE_IN_USE', 'used'), 409, 'in_use'],
    [new StoreError('STORE_LAST_ADMIN', 'last'), 409, 'last_admin'],
    [new StoreError('STORE_REFERENCE_MISSING', 'ref'), 422, 'reference_missing'],
  ])('%s → %i %s', (err, status, error) => {
    expect(toHttpError(err)).toEqual({ status, body: { error, message: err.message } });
  });

  it('database errors → 503 without their internals', () => {
    const err = Object.assign(new Error('LEVEL_IO_ERROR /var/lib/x'), {
      code: 'SYNC_WRITE_FAILED',
    });
    expect(toHttpError(err)).toEqual({
      status: 503,
      body: { error: 'unavailable', message: 'database unavailable; try again or another node' },
    });
  });

  it('anything else → 500 with neither its message nor a stack', () => {
    const res = toHttpError(new TypeError('cannot read x of undefined'));
    expect(res).toEqual({
      status: 500,
      body: { error: 'internal_error', message: 'internal error; the server log has the details' },
    });
    const weird = toHttpError(Object.assign(new Error('x'), { code: 'toString' }));
    expect(weird.status).toBe(500);
    expect(toHttpError('a string').status).toBe(500);
  });

  it('fastify 4xx errors keep their status', () => {
    const err = Object.assign(new Error('Unsupported Media Type: text/xml'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(toHttpError(err)).toEqual({
      status: 415,
      body: { error: 'invalid_body', message: 'unsupported media type: text/xml' },
    });
  });

  it('describes schema errors by field', () => {
    expect(
      describeValidation(
        [{ instancePath: '/a/b', keyword: 'maximum', message: 'must be <= 3' }],
        'body',
      ),
    ).toBe('a.b must be <= 3');
    expect(
      describeValidation(
        [{ instancePath: '/loc', keyword: 'required', params: { missingProperty: 'lat' } }],
        'body',
      ),
    ).toBe('loc.lat is required');
    expect(
      describeValidation(
        [{ instancePath: '', keyword: 'type', message: 'must be object' }],
        'body',
      ),
    ).toBe('body must be object');
    expect(describeValidation([], 'querystring')).toBe('querystring is invalid');
  });
});
