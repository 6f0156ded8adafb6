import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('holds LNS_ADMIN_PASSWORD to the password policy of every user', () => {
    expect(() => loadConfig({ env: { LNS_ADMIN_PASSWORD: 'short' } })).toThrow(
      new ConfigError('LNS_ADMIN_PASSWORD', 'must be at least 8 characters long'),
    );
    expect(loadConfig({ env: { LNS_ADMIN_PASSWORD: 'long-enough' } }).adminPassword).toBe(
      'long-enough',
    );
  });

  it('reads LNS_CORS_ORIGINS: none by default, a comma-separated list of origins', () => {
    expect(loadConfig({ env: {} }).corsOrigins).toEqual([]);
    expect(
      loadConfig({ env: { LNS_CORS_ORIGINS: 'https://Ops.Example.com, http://localhost:5173' } })
        .corsOrigins,
    ).toEqual(['https://ops.example.com', 'http://localhost:5173']);
    const path = configFile(JSON.stringify({ corsOrigins: ['https://a.example:8443'] }));
    expect(loadConfig({ configPath: path, env: {} }).corsOrigins).toEqual([
      'https://a.example:8443',
    ]);
  });

  it.each([
    '*',
    'example.com',
    'https://a.example/admin',
    'https://a.example/',
    'ftp://a.example',
    'https://user:pw@a.example',
  ])('refuses LNS_CORS_ORIGINS=%s naming the setting', (value) => {
    expect(() => loadConfig({ env: { LNS_CORS_ORIGINS: `http://ok.example,${value}` } })).toThrow(
      new ConfigError(
        'LNS_CORS_ORIGINS',
        `${JSON.stringify(value)} is not an origin like https://admin.example.com or http://localhost:5173`,
      ),
    );
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
    // The AS923 frequency groups 2-4 are region names too (lorawan/region).
    expect(loadConfig({ env: { LNS_REGION: 'as923-3' } }).region).toBe('AS923-3');
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
    [{ LNS_REGION: 'EU-868' }, 'LNS_REGION'],
    [{ LNS_UPLINK_QUEUE_LIMIT: '0' }, 'LNS_UPLINK_QUEUE_LIMIT'],
    [{ LNS_UPLINK_QUEUE_TIMEOUT_MS: '1.5' }, 'LNS_UPLINK_QUEUE_TIMEOUT_MS'],
  ])('names the setting in the error for %o', (env, setting) => {
    expect(() => loadConfig({ env })).toThrowError(ConfigError);
    expect(() => loadConfig({ env })).toThrowError(new RegExp(`^${setting}: `));
  });

  describe('LNS_TLS_CERT / LNS_TLS_KEY', () => {
    const cert = fileURLToPath(new URL('../../fixtures/tls/test-cert.pem', import.meta.url));
    const key = fileURLToPath(new URL('../../fixtures/tls/test-key.pem', import.meta.url));

    it('takes a certificate and its key', () => {
      expect(loadConfig({ env: { LNS_TLS_CERT: cert, LNS_TLS_KEY: key } })).toMatchObject({
        tlsCert: cert,
        tlsKey: key,
      });
      expect(loadConfig({ env: {} })).toMatchObject({ tlsCert: undefined, tlsKey: undefined });
    });

    it.each([
      [{ LNS_TLS_CERT: 'CERT' }, /^LNS_TLS_KEY: must be set with LNS_TLS_CERT$/],
      [{ LNS_TLS_KEY: 'KEY' }, /^LNS_TLS_CERT: must be set with LNS_TLS_KEY$/],
      [{ LNS_TLS_CERT: '/nonexistent.pem', LNS_TLS_KEY: 'KEY' }, /^LNS_TLS_CERT: cannot read/],
      [{ LNS_TLS_CERT: 'CERT', LNS_TLS_KEY: 'CONFIG' }, /^LNS_TLS_KEY: .* is not a PEM file$/],
      // A key that is not the certificate's (here: the certificate itself).
      [{ LNS_TLS_CERT: 'CERT', LNS_TLS_KEY: 'CERT' }, /^LNS_TLS_KEY: does not fit the certificate/],
    ])('refuses %o with one line naming the setting', (env, message) => {
      const files: Record<string, string> = { CERT: cert, KEY: key, CONFIG: configFile('{}') };
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, files[v] ?? v]),
      ) as Record<string, string>;
      expect(() => loadConfig({ env: resolved })).toThrowError(ConfigError);
      expect(() => loadConfig({ env: resolved })).toThrowError(message);
    });
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
