/**
 * What a form may send: the API's create and update schemas refuse unknown properties
 * (`additionalProperties: false`), and a record read back carries read-only live fields
 * (lastSeen, stats, devAddr, counters learnt from traffic…). A cleared optional input gives
 * null, which the API reads as "not given" only where the schema says so.
 */

const writable: Readonly<Record<string, readonly string[]>> = {
  servers: ['address'],
  gateways: ['id', 'name', 'location', 'txRfChain', 'region', 'stationToken'],
  profiles: [
    'id',
    'name',
    'region',
    'macVersion',
    'deviceClass',
    'adr',
    'rx1Delay',
    'rx1DrOffset',
    'rx2Dr',
    'rx2Freq',
    'fcntCheck',
  ],
  devices: ['id', 'name', 'joinEui', 'appKey', 'profileId'],
  nodes: ['id', 'devEui', 'profileId', 'nwkSKey', 'appSKey', 'fCntUp', 'fCntDown'],
  users: ['id', 'password', 'role'],
  integrations: ['id', 'type', 'url', 'topic', 'headers', 'events', 'enabled'],
};

/** Fields whose null the API takes as a value ("no DevEUI", "no uplink yet"). */
const nullable: Readonly<Record<string, readonly string[]>> = {
  // A gateway's region null: back to the node default; stationToken null: no token asked.
  gateways: ['region', 'stationToken'],
  nodes: ['devEui', 'fCntUp'],
};

/** Fields where an empty text means "leave as it is" (the API would refuse it). */
const emptyKeeps: Readonly<Record<string, readonly string[]>> = {
  // A user form's password left empty keeps the password (the policy refuses "").
  users: ['password'],
};

/** The body to send for a create or update of `resource`. Unknown resources pass unchanged. */
export function writableBody(
  resource: string,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const fields = writable[resource];
  if (fields === undefined) return { ...data };
  const keepNull = nullable[resource] ?? [];
  const keepEmpty = emptyKeeps[resource] ?? [];
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = data[field];
    if (value === undefined) continue;
    if (value === null && !keepNull.includes(field)) continue;
    if (value === '' && keepEmpty.includes(field)) continue;
    body[field] = value;
  }
  return body;
}
