/**
 * REST requests generated from the route schemas (api/schemas/*, the same objects fastify
 * validates with): bodies that mostly fit each field's schema with hostile values mixed in
 * (wrong types, extremes, control characters, Object.prototype names, unknown fields), ids
 * and list queries of every shape, broken JSON and content types, and credentials good and
 * bad. Used with fast-check: a failing request shrinks to a small one.
 */
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { QueueCreate, resourceBodySchemas } from '../../src/api/index.js';

/** The resources a client may write, with their create and update schemas. */
export const writableResources = resourceBodySchemas;

/** Read-only resources, and `servers`, whose writes change the cluster itself (not fuzzed). */
export const readOnlyResources = ['frames', 'events', 'servers'] as const;

export interface FuzzRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD';
  /** Path and query, already encoded as they go on the wire. */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  /** `admin` (the default), `viewer`, `none`, or a raw Authorization header. */
  readonly auth: 'admin' | 'viewer' | 'none' | { readonly raw: string };
}

const HEX = '0123456789abcdefABCDEF';
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

/** Strings meant to break something: parsers, paths, logs, lookups, headers. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    '.',
    '..',
    '../../etc/passwd',
    '%00',
    '%2e%2e',
    '\u0000',
    '\r\nX-Injected: 1',
    '\uFEFF',
    '\uD800',
    '${jndi:ldap://127.0.0.1/x}',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '********',
    '1e309',
    'NaN',
    'null',
    '[]',
    '{}',
    ...prototypeNames,
  ),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'x'.repeat(n)),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant([]),
  fc.constant({}),
);

/** Good values for fields whose shape is richer than their schema says (hex, URLs, refs). */
function hint(field: string, resource: string): fc.Arbitrary<unknown> | undefined {
  switch (field) {
    case 'appKey':
    case 'nwkSKey':
    case 'appSKey':
      return fc.oneof(
        { weight: 5, arbitrary: hex(32) },
        { weight: 1, arbitrary: fc.constant('********') },
      );
    case 'joinEui':
    case 'devEui':
      return hex(16);
    case 'profileId':
      return fc.constantFrom('fuzz-profile', 'missing-profile', '__proto__');
    case 'url':
      // Loopback only: a test never sends traffic off the machine.
      return fc.constantFrom(
        'http://127.0.0.1:9/hook',
        'https://127.0.0.1:9/h',
        'mqtt://127.0.0.1:9',
        'ws://127.0.0.1:9',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'not a url',
      );
    case 'data':
      return fc.uint8Array({ maxLength: 260 }).map((b) => Buffer.from(b).toString('base64'));
    case 'region':
      return fc.constantFrom('EU868', 'US915', 'AS923-2', 'XX000', 'eu868');
    case 'id':
      if (resource === 'devices' || resource === 'gateways') return hex(16);
      if (resource === 'nodes') return hex(8);
      return fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/).filter((id) => id !== 'admin');
    default:
      return undefined;
  }
}

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
}

/** A value that fits `schema`, roughly: the API's own checks beyond the schema decide. */
function fitting(schema: JsonSchema, field: string, resource: string): fc.Arbitrary<unknown> {
  const hinted = hint(field, resource);
  if (hinted !== undefined) return hinted;
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const options: fc.Arbitrary<unknown>[] = [];
  for (const type of types) {
    switch (type) {
      case 'string':
        options.push(
          fc.string({
            minLength: schema.minLength ?? 0,
            maxLength: Math.min(schema.maxLength ?? 100, 100),
          }),
        );
        break;
      case 'integer':
        options.push(fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }));
        break;
      case 'number':
        options.push(
          fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true }),
        );
        break;
      case 'boolean':
        options.push(fc.boolean());
        break;
      case 'null':
        options.push(fc.constant(null));
        break;
      case 'array':
        options.push(fc.array(value(schema.items ?? {}, field, resource), { maxLength: 6 }));
        break;
      case 'object':
        options.push(objectValue(schema, resource));
        break;
      default:
        options.push(fc.jsonValue({ maxDepth: 2 }));
    }
  }
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

/** Mostly fitting, sometimes hostile. */
function value(schema: JsonSchema, field: string, resource: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: fitting(schema, field, resource) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function objectValue(schema: JsonSchema, resource: string): fc.Arbitrary<unknown> {
  const pattern = Object.values(schema.patternProperties ?? {})[0];
  if (pattern !== undefined) {
    const name = fc.oneof(
      fc.constantFrom('Authorization', 'X-Api-Key', 'Content-Type', 'Host', ...prototypeNames),
      fc.string({ maxLength: 30 }),
      hostileString,
    );
    return fc.dictionary(name, value(pattern, 'header', resource), { maxKeys: 4 });
  }
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const known = fc.record(
    Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, value(s, k, resource)])),
    { requiredKeys: [...required] },
  );
  const unknown = fc.dictionary(
    fc.oneof(
      fc.constantFrom('colour', 'lastSeen', 'stats', 'devAddr', 'rx1delay', ...prototypeNames),
      fc.string({ maxLength: 12 }),
    ),
    hostileValue,
    { maxKeys: 2 },
  );
  return fc
    .tuple(
      known,
      // Now and then an unknown field, or a required one left out.
      fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: unknown }),
      fc.oneof(
        { weight: 5, arbitrary: fc.constant<string[]>([]) },
        {
          weight: 1,
          arbitrary: fc.subarray([...required], { maxLength: Math.min(1, required.size) }),
        },
      ),
    )
    .map(([record, extra, drop]) => {
      const out = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
      for (const key of drop) delete out[key];
      // Own keys even for `__proto__`, as JSON.parse on the server makes them.
      for (const [k, v] of Object.entries(extra)) {
        Object.defineProperty(out, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    });
}

/** A body for `schema` as JSON text (the API parses it; `__proto__` keys stay own keys). */
function body(schema: TSchema, resource: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: value(schema as JsonSchema, '', resource).map(jsonText) },
    { weight: 1, arbitrary: brokenJson },
  );
}

function jsonText(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

const brokenJson = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"id":',
    'null',
    '[]',
    '"x"',
    '1e999',
    '{"__proto__":{"admin":true},"id":"p"}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '\u0000',
    '{"id":"a","id":"b"}',
  ),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 1000, max: 50_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const existingIds: Readonly<Record<string, readonly string[]>> = {
  profiles: ['fuzz-profile'],
  gateways: ['aa555a00000000f1'],
  devices: ['70b3d57ed00000f1'],
  nodes: ['260000f1'],
  users: ['fuzz-viewer'],
  integrations: ['fuzz-hook'],
  frames: [],
  events: [],
  servers: [],
};

/** Percent-encodes any string, lone surrogates too (as UTF-8 of U+FFFD, like a browser). */
function encodeSegment(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (b) =>
    /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
  ).join('');
}

/** A path segment for an id: existing, plausible, hostile; always a valid URL piece. */
function idSegment(resource: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(existingIds[resource] ?? []), 'nope') },
      fc.string({ maxLength: 80 }).map(encodeSegment),
      hostileString.map(encodeSegment),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '..%2f..%2f', '%2e%2e', 'a%00b', ';', '*'),
      { weight: 2, arbitrary: hex(16) },
      { weight: 2, arbitrary: hex(8) },
    )
    .filter((id) => id !== 'admin' && id !== '');
}

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map(jsonText),
  hostileString,
  fc.string({ maxLength: 60 }),
);

const sortParam = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          'id',
          'name',
          'time',
          'lastSeen',
          'fCnt',
          'location.lat',
          'appKey',
          'headers.Authorization',
          'gateway',
          'q',
        ),
        fc.constantFrom(...prototypeNames),
        fc.string({ maxLength: 20 }),
      ),
      fc.constantFrom('ASC', 'DESC', 'asc', ''),
    )
    .map(jsonText),
  jsonish,
);

const rangeParam = fc.oneof(
  fc.tuple(fc.integer({ min: -5, max: 2000 }), fc.integer({ min: -5, max: 3000 })).map(jsonText),
  fc.constantFrom(
    '[0,1e308]',
    '[1.5,2]',
    '[0]',
    '[null,null]',
    '[9007199254740993,9007199254740999]',
  ),
  jsonish,
);

const filterParam = fc.oneof(
  fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(
          'q',
          'id',
          'devAddr',
          'devEui',
          'kind',
          'gateway',
          'name',
          'appKey',
          'headers',
          ...prototypeNames,
        ),
        fc.string({ maxLength: 20 }),
      ),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileString),
      { maxKeys: 3 },
    )
    .map(jsonText),
  fc.constantFrom('{"__proto__":{"x":1}}', '{"q":{"toString":1}}', '{"id":[]}'),
  jsonish,
);

const listQuery = fc
  .record(
    {
      sort: sortParam,
      range: rangeParam,
      filter: filterParam,
      local: fc.constantFrom('1', '0', 'x'),
    },
    { requiredKeys: [] },
  )
  .map((q) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) params.set(k, v);
    const text = params.toString();
    return text === '' ? '' : `?${text}`;
  });

const auth = fc.oneof(
  { weight: 12, arbitrary: fc.constant<'admin'>('admin') },
  { weight: 2, arbitrary: fc.constant<'viewer'>('viewer') },
  { weight: 1, arbitrary: fc.constant<'none'>('none') },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic',
          'Basic !!!',
          'Digest x',
          'bearer a.b',
          'Bearer e30.e30',
        ),
        fc
          .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
          .map(([u, p]) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`),
        fc
          .string({ unit: fc.constantFrom(...'abcdefXYZ0123456789.-_ +/='), maxLength: 300 })
          .map((t) => `Bearer ${t}`),
      )
      .map((raw) => ({ raw })),
  },
);

const resource = fc.constantFrom(...Object.keys(writableResources));
const anyResource = fc.constantFrom(...Object.keys(writableResources), ...readOnlyResources);
const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/xml',
    ),
  },
);

/** One request of any kind the API serves, from what the route schemas say. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 6,
    arbitrary: resource.chain((res) =>
      fc.record({
        method: fc.constant<'POST'>('POST'),
        path: fc.constant(`/api/${res}`),
        body: body(writableResources[res]!.create, res),
        contentType,
        auth,
      }),
    ),
  },
  {
    weight: 6,
    arbitrary: resource.chain((res) =>
      fc.record({
        method: fc.constant<'PUT'>('PUT'),
        path: idSegment(res).map((id) => `/api/${res}/${id}`),
        body: body(writableResources[res]!.update, res),
        contentType,
        auth,
      }),
    ),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      method: fc.constant<'GET'>('GET'),
      path: fc.tuple(anyResource, listQuery).map(([res, q]) => `/api/${res}${q}`),
      auth,
    }),
  },
  {
    weight: 4,
    arbitrary: anyResource.chain((res) =>
      fc.record({
        method: fc.constant<'GET'>('GET'),
        path: fc
          .tuple(
            idSegment(res),
            fc.constantFrom('', '?reveal=true', '?reveal=false', '?reveal=1', '?reveal[]=true'),
          )
          .map(([id, q]) => `/api/${res}/${id}${q}`),
        auth,
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: resource.chain((res) =>
      fc.record({
        method: fc.constant<'DELETE'>('DELETE'),
        path: idSegment(res).map((id) => `/api/${res}/${id}`),
        auth,
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method: fc.constantFrom<'POST' | 'GET'>('POST', 'GET'),
      path: idSegment('nodes').map((id) => `/api/nodes/${id}/queue`),
      body: body(QueueCreate, 'queue'),
      contentType,
      auth,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant<'DELETE'>('DELETE'),
      path: fc
        .tuple(idSegment('nodes'), idSegment('queue'))
        .map(([id, item]) => `/api/nodes/${id}/queue/${item}`),
      auth,
    }),
  },
  {
    // Password guessing and malformed logins: the back-off answers 429 after a few.
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant<'POST'>('POST'),
      path: fc.constant('/api/login'),
      body: fc.oneof(
        fc
          .record({
            username: fc.oneof(fc.constantFrom('admin', 'fuzz-viewer'), hostileString),
            password: fc.string({ maxLength: 40 }),
          })
          .map(jsonText),
        brokenJson,
      ),
      contentType,
      auth: fc.constant<'none'>('none'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constantFrom<'GET' | 'PATCH' | 'OPTIONS' | 'HEAD' | 'DELETE'>(
        'GET',
        'PATCH',
        'OPTIONS',
        'HEAD',
        'DELETE',
      ),
      path: fc
        .array(
          fc.oneof(
            idSegment('x'),
            fc.constantFrom('api', 'devices', 'stream', 'cluster', 'metrics', '..'),
          ),
          {
            maxLength: 5,
          },
        )
        .map((parts) => `/api/${parts.join('/')}`),
      auth,
    }),
  },
);
