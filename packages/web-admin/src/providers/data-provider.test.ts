import { HttpError } from 'react-admin';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataProvider } from './data-provider';
import { TOKEN_KEY } from './token';

interface Call {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
}

let calls: Call[];
let replies: Response[];

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

beforeEach(() => {
  calls = [];
  replies = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      calls.push({
        url: new URL(request.url),
        method: request.method,
        headers: request.headers,
        body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      });
      const next = replies.shift();
      if (next === undefined)
        throw new Error(`no reply queued for ${request.method} ${request.url}`);
      return Promise.resolve(next);
    }),
  );
  localStorage.setItem(TOKEN_KEY, 'tok.sig');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const dp = () =>
  createDataProvider({ apiUrl: 'http://lns.test/api', healthUrl: 'http://lns.test/health' });

function only(): Call {
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe('data provider (SPEC "HTTP" simple REST)', () => {
  it('lists with sort, range and filter as JSON, a Bearer token, and the Content-Range total', async () => {
    replies.push(
      reply(200, [{ id: 'aa555a0000000101', name: 'roof' }], {
        'Content-Range': 'gateways 10-19/42',
      }),
    );
    const result = await dp().getList('gateways', {
      pagination: { page: 2, perPage: 10 },
      sort: { field: 'lastSeen', order: 'DESC' },
      filter: { server: 'n1' },
    });
    const call = only();
    expect(call.method).toBe('GET');
    expect(call.url.pathname).toBe('/api/gateways');
    expect(call.url.searchParams.get('sort')).toBe('["lastSeen","DESC"]');
    expect(call.url.searchParams.get('range')).toBe('[10,19]');
    expect(call.url.searchParams.get('filter')).toBe('{"server":"n1"}');
    expect(call.headers.get('Authorization')).toBe('Bearer tok.sig');
    expect(result).toEqual({ data: [{ id: 'aa555a0000000101', name: 'roof' }], total: 42 });
  });

  it('reads the total of an empty page (`*/0`)', async () => {
    replies.push(reply(200, [], { 'Content-Range': 'frames */0' }));
    const result = await dp().getList('frames', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'time', order: 'DESC' },
      filter: {},
    });
    expect(result.total).toBe(0);
  });

  it('sends no Authorization header when nobody is logged in', async () => {
    localStorage.removeItem(TOKEN_KEY);
    replies.push(reply(200, { id: 'p1' }));
    await dp().getOne('profiles', { id: 'p1' });
    expect(only().headers.has('Authorization')).toBe(false);
  });

  it('gets, updates and deletes one record at /api/<res>/<id>', async () => {
    replies.push(reply(200, { id: 'a b' }), reply(200, { id: 'p1' }), reply(200, { id: 'p1' }));
    const provider = dp();
    await provider.getOne('users', { id: 'a b' });
    await provider.update('profiles', {
      id: 'p1',
      data: { id: 'p1', name: 'x', rx1Delay: null, extra: 1 },
      previousData: { id: 'p1' },
    });
    await provider.delete('profiles', { id: 'p1' });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'GET /api/users/a%20b',
      'PUT /api/profiles/p1',
      'DELETE /api/profiles/p1',
    ]);
    // Only writable fields go out, and a cleared optional input means "not given".
    expect(calls[1]!.body).toEqual({ id: 'p1', name: 'x' });
    expect(calls[1]!.headers.get('Content-Type')).toBe('application/json');
  });

  it('creates with POST and strips read-only fields the API would refuse', async () => {
    replies.push(reply(201, { id: 'aa555a0000000101' }));
    await dp().create('gateways', {
      data: { id: 'aa555a0000000101', name: 'roof', txRfChain: 0, lastSeen: 'x', stats: {} },
    });
    const call = only();
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/api/gateways');
    expect(call.body).toEqual({ id: 'aa555a0000000101', name: 'roof', txRfChain: 0 });
  });

  it.each([
    [
      'devices',
      {
        id: '70b3d57ed0000001',
        name: 'n',
        joinEui: '0000000000000000',
        appKey: '********',
        profileId: 'p',
        devAddr: '26011bda',
        lastJoin: 'x',
      },
      {
        id: '70b3d57ed0000001',
        name: 'n',
        joinEui: '0000000000000000',
        appKey: '********',
        profileId: 'p',
      },
    ],
    [
      'nodes',
      {
        id: '26011bda',
        devEui: '70b3d57ed0000001',
        profileId: 'p',
        nwkSKey: '********',
        appSKey: '********',
        fCntUp: 4,
        fCntDown: 2,
        lastRx: 'x',
        battery: 254,
        margin: 9,
        adr: { dataRate: 5 },
        lastGateway: { gatewayEui: 'aa' },
      },
      {
        id: '26011bda',
        devEui: '70b3d57ed0000001',
        profileId: 'p',
        nwkSKey: '********',
        appSKey: '********',
        fCntUp: 4,
        fCntDown: 2,
      },
    ],
    [
      'gateways',
      {
        id: 'aa555a0000000101',
        name: 'roof',
        txRfChain: 0,
        region: 'US915',
        lastSeen: 'x',
        server: 'n1',
        stats: {},
        protocol: 'udp',
        connected: true,
      },
      { id: 'aa555a0000000101', name: 'roof', txRfChain: 0, region: 'US915' },
    ],
    [
      'users',
      { id: 'jane', role: 'admin', password: '', passwordConfirm: '' },
      { id: 'jane', role: 'admin' },
    ],
    [
      'integrations',
      {
        id: 'i',
        type: 'http',
        url: 'http://x',
        headers: { A: '********' },
        events: ['up'],
        enabled: true,
      },
      {
        id: 'i',
        type: 'http',
        url: 'http://x',
        headers: { A: '********' },
        events: ['up'],
        enabled: true,
      },
    ],
  ])(
    'a %s record read back and saved sends only its writable fields',
    async (resource, data, body) => {
      replies.push(reply(200, data));
      await dp().update(resource, { id: data.id, data, previousData: data });
      expect(only().body).toEqual(body);
    },
  );

  it('reveals one record with GET ?reveal=true', async () => {
    replies.push(
      reply(200, { id: '70b3d57ed0000001', appKey: '2b7e151628aed2a6abf7158809cf4f3c' }),
    );
    const record = await dp().reveal('devices', '70b3d57ed0000001');
    const call = only();
    expect(`${call.method} ${call.url.pathname}${call.url.search}`).toBe(
      'GET /api/devices/70b3d57ed0000001?reveal=true',
    );
    expect(record).toMatchObject({ appKey: '2b7e151628aed2a6abf7158809cf4f3c' });
  });

  it('keeps null for node fields where the API reads it as "none"', async () => {
    replies.push(reply(201, { id: '26011bda' }));
    await dp().create('nodes', {
      data: { id: '26011bda', devEui: null, fCntUp: null, fCntDown: 0 },
    });
    expect(only().body).toEqual({ id: '26011bda', devEui: null, fCntUp: null, fCntDown: 0 });
  });

  it('queues a downlink and lists and deletes the queue of a node', async () => {
    replies.push(
      reply(201, { id: 'q1', fPort: 2, data: 'AQI=', confirmed: false }),
      reply(200, [], { 'Content-Range': 'queue */0' }),
      reply(200, { id: 'q1' }),
    );
    const provider = dp();
    await provider.queueDownlink('26011bda', { fPort: 2, data: 'AQI=', confirmed: false });
    await provider.getQueue('26011bda');
    await provider.deleteQueued('26011bda', 'q1');
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'POST /api/nodes/26011bda/queue',
      'GET /api/nodes/26011bda/queue',
      'DELETE /api/nodes/26011bda/queue/q1',
    ]);
    expect(calls[0]!.body).toEqual({ fPort: 2, data: 'AQI=', confirmed: false });
  });

  it('reads a list total with a one-record range', async () => {
    replies.push(reply(200, [{ id: 'x' }], { 'Content-Range': 'devices 0-0/319' }));
    expect(await dp().getTotal('devices')).toBe(319);
    expect(only().url.searchParams.get('range')).toBe('[0,0]');
  });

  it('shows this node from /health while /api/servers does not exist', async () => {
    const health = {
      status: 'ok',
      node: 'n1',
      uptimeS: 12,
      cluster: { id: 'c', members: 1, up: 1 },
      udp: 'ok',
      db: 'ok',
    };
    replies.push(
      reply(404, { error: 'not_found', message: 'no route GET /api/servers' }),
      reply(200, health),
    );
    const result = await dp().getList('servers', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    expect(calls.map((c) => c.url.pathname)).toEqual(['/api/servers', '/health']);
    expect(result.total).toBe(1);
    expect(result.data[0]).toMatchObject({ id: 'n1', status: 'up', uptimeS: 12, fromHealth: true });
  });

  it('reads a 503 /health as a report, not an error', async () => {
    replies.push(
      reply(503, {
        status: 'starting',
        node: 'n2',
        uptimeS: 1,
        cluster: { id: 'c', members: 2, up: 1 },
        udp: 'ok',
        db: 'ok',
      }),
    );
    expect((await dp().getHealth()).status).toBe('starting');
  });
});

describe('API errors on form fields', () => {
  async function refused(status: number, body: unknown): Promise<HttpError> {
    replies.push(reply(status, body));
    try {
      await dp().create('profiles', { data: { id: 'p1' } });
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      return err as HttpError;
    }
    throw new Error('the create did not fail');
  }

  function errorsOf(err: HttpError): unknown {
    return (err.body as { errors?: unknown }).errors;
  }

  it('puts a schema message on the field it starts with', async () => {
    const err = await refused(400, { error: 'invalid_body', message: 'rx1Delay must be <= 15' });
    expect(err.status).toBe(400);
    expect(err.message).toBe('rx1Delay must be <= 15');
    expect(errorsOf(err)).toEqual({ rx1Delay: 'rx1Delay must be <= 15' });
  });

  it('nests dotted paths the way react-admin forms are shaped', async () => {
    const err = await refused(400, {
      error: 'invalid_body',
      message: 'location.lat must be <= 90',
    });
    expect(errorsOf(err)).toEqual({ location: { lat: 'location.lat must be <= 90' } });
  });

  it('puts an array item error on the array input', async () => {
    const err = await refused(400, {
      error: 'invalid_body',
      message: 'events.0 must be one of up, join',
    });
    expect(errorsOf(err)).toEqual({ events: 'events.0 must be one of up, join' });
  });

  it('puts a missing reference on its field without repeating the name', async () => {
    const err = await refused(422, {
      error: 'reference_missing',
      message: 'profileId: profile nope does not exist',
    });
    expect(errorsOf(err)).toEqual({ profileId: 'profile nope does not exist' });
  });

  it('puts "already exists" on the id', async () => {
    const err = await refused(409, {
      error: 'already_exists',
      message: 'profile p1 already exists',
    });
    expect(errorsOf(err)).toEqual({ id: 'profile p1 already exists' });
  });

  it('names no field for messages about the whole body, and keeps the message', async () => {
    const err = await refused(400, {
      error: 'invalid_body',
      message: 'body must NOT have additional properties',
    });
    expect(errorsOf(err)).toBeUndefined();
    expect(err.message).toBe('body must NOT have additional properties');
  });

  it('never maps auth or server errors to fields', async () => {
    const err = await refused(403, {
      error: 'forbidden',
      message: 'user v may only read (role viewer)',
    });
    expect(err.status).toBe(403);
    expect(errorsOf(err)).toBeUndefined();
  });
});
