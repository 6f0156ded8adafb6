import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig, parseHostPort } from './load.js';

function configFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lns-config-')), 'lns.json');
  writeFileSync(path, content);
  return path;
}

describe('loadConfig', () => {
  it('applies SPEC defaults', () => {
    const config = loadConfig({ env: { LNS_NODE: 'n1' } });
    expect(config).toMatchObject({
      node: 'n1',
      dataDir: join('data', 'n1'),
      udpHost: '0.0.0.0',
      udpPort: 1700,
      httpPort: 8080,
      clusterPort: 4370,
      region: 'EU868',
      netId: '000000',
      logLevel: 'info',
      dbMaster: undefined,
      dedupWindowMs: 200,
      drainS: 10,
      uplinkQueueLimit: 20_000,
      uplinkQueueTimeoutMs: 1000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets a variable win over the file', () => {
    const path = configFile(JSON.stringify({ node: 'file-node', udpPort: 1701, httpPort: 8081 }));
    const config = loadConfig({ configPath: path, env: { LNS_UDP_PORT: '1702' } });
    expect(config).toMatchObject({ node: 'file-node', udpPort: 1702, httpPort: 8081 });
  });

  it('reads the drain grace period (SPEC LNS_DRAIN_S)', () => {
    expect(loadConfig({ env: { LNS_DRAIN_S: '3' } }).drainS).toBe(3);
  });

  it('reads the overload limits', () => {
    const config = loadConfig({
      env: { LNS_UPLINK_QUEUE_LIMIT: '500', LNS_UPLINK_QUEUE_TIMEOUT_MS: '2500' },
    });
    expect(config).toMatchObject({ uplinkQueueLimit: 500, uplinkQueueTimeoutMs: 2500 });
  });

  it('normalises NetID and region spelling', () => {
    expect(loadConfig({ env: { LNS_NET_ID: '00001A', LNS_REGION: 'us915' } })).toMatchObject({
      netId: '00001a',
      region: 'US915',
    });
  });

  it.each([
    [{ LNS_UDP_PORT: 'abc' }, 'LNS_UDP_PORT'],
    [{ LNS_HTTP_PORT: '65536' }, 'LNS_HTTP_PORT'],
    [{ LNS_NODE: 'bad name' }, 'LNS_NODE'],
    [{ LNS_CLUSTER_SECRET: 'short' }, 'LNS_CLUSTER_SECRET'],
    [{ LNS_ADVERTISE: 'host-without-port' }, 'LNS_ADVERTISE'],
    [{ LNS_DEDUP_WINDOW_MS: '5000' }, 'LNS_DEDUP_WINDOW_MS'],
    [{ LNS_DRAIN_S: '-1' }, 'LNS_DRAIN_S'],
    [{ LNS_DRAIN_S: 'soon' }, 'LNS_DRAIN_S'],
    [{ LNS_UPLINK_QUEUE_LIMIT: '0' }, 'LNS_UPLINK_QUEUE_LIMIT'],
    [{ LNS_UPLINK_QUEUE_TIMEOUT_MS: '1.5' }, 'LNS_UPLINK_QUEUE_TIMEOUT_MS'],
  ])('names the setting in the error for %o', (env, setting) => {
    expect(() => loadConfig({ env })).toThrowError(ConfigError);
    expect(() => loadConfig({ env })).toThrowError(new RegExp(`^${setting}: `));
  });

  it('names the file setting when the file is wrong', () => {
    const path = configFile(JSON.stringify({ udpPort: -1 }));
    expect(() => loadConfig({ configPath: path, env: {} })).toThrowError(/^udpPort \(in .*\): /);
  });

  it('refuses unknown keys, bad JSON and missing files with the path', () => {
    expect(() => loadConfig({ configPath: configFile('{"udpPrt":1}'), env: {} })).toThrowError(
      /unknown setting/,
    );
    expect(() => loadConfig({ configPath: configFile('{'), env: {} })).toThrowError(
      /not valid JSON/,
    );
    expect(() => loadConfig({ configPath: '/nonexistent/lns.json', env: {} })).toThrowError(
      /cannot read/,
    );
  });
});

describe('parseHostPort', () => {
  it('reads host names, IPv4 and bracketed IPv6', () => {
    expect(parseHostPort('lns-2.example:4370', 'x')).toEqual({ host: 'lns-2.example', port: 4370 });
    expect(parseHostPort('127.0.0.1:1', 'x')).toEqual({ host: '127.0.0.1', port: 1 });
    expect(parseHostPort('[::1]:4370', 'x')).toEqual({ host: '::1', port: 4370 });
  });

  it.each(['', 'host', 'host:0', 'host:70000', ':4370', 'a b:1'])('refuses %j', (value) => {
    expect(() => parseHostPort(value, 'LNS_DB_MASTER')).toThrowError(/^LNS_DB_MASTER: /);
  });
});
