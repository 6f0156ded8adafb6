import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { MAX_PAGE, contentRange, parseListQuery } from './list-query.js';

describe('react-admin list query', () => {
  it('parses sort, range and filter', () => {
    expect(
      parseListQuery({ sort: '["name","DESC"]', range: '[10,19]', filter: '{"adr":true}' }),
    ).toEqual({
      sort: { field: 'name', order: 'DESC' },
      range: { start: 10, end: 19 },
      filter: { adr: true },
    });
  });

  it('without parameters: no sort, the first page of MAX_PAGE, no filter', () => {
    expect(parseListQuery({})).toEqual({
      sort: undefined,
      range: { start: 0, end: MAX_PAGE - 1 },
      filter: {},
    });
  });

  it('normalises hex filter fields, arrays too, and leaves other values', () => {
    const q = parseListQuery(
      { filter: '{"devEui":"70-B3-D5-7E-D0-00-00-01","id":["26:01:10:01","x"],"name":"AB"}' },
      ['devEui', 'id', 'name'],
    );
    expect(q.filter).toEqual({ devEui: '70b3d57ed0000001', id: ['26011001', 'x'], name: 'AB' });
  });

  it.each([
    [{ sort: '["name"]' }],
    [{ sort: '["","ASC"]' }],
    [{ range: '[0]' }],
    [{ range: '[-1,3]' }],
    [{ range: '[0.5,3]' }],
    [{ filter: 'null' }],
    [{ filter: '"x"' }],
  ])('refuses %j with API_INVALID_QUERY', (query) => {
    expect(() => parseListQuery(query)).toThrow(ApiError);
  });

  it('formats Content-Range', () => {
    expect(contentRange('devices', 0, 25, 319)).toBe('devices 0-24/319');
    expect(contentRange('devices', 300, 19, 319)).toBe('devices 300-318/319');
    expect(contentRange('devices', 0, 0, 0)).toBe('devices */0');
  });
});
