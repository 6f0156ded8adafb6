import { SyncError } from '../errors.js';

/** A TCP endpoint. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port` or `[v6]:port`; throws SYNC_INVALID_ADDRESS on anything else. */
export function parseAddress(text: string): HostPort {
  if (typeof text !== 'string') throw invalidAddress(String(text));
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const plain = /^([^:\s[\]]+):(\d{1,5})$/.exec(text);
  const match = bracketed ?? plain;
  if (match === null) throw invalidAddress(text);
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidAddress(text);
  return { host: match[1] ?? '', port };
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function invalidAddress(text: string): SyncError {
  return new SyncError('SYNC_INVALID_ADDRESS', `address must be host:port, got ${text}`, {
    address: text.slice(0, 200),
  });
}
