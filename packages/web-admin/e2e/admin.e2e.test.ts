// @vitest-environment node
// Long on purpose: one browser session walks every page in order; each step needs the last.
/**
 * The admin UI in a real browser against a real node (issue 5): Debian's chromium, driven by
 * playwright-core, logs in to `lns start` serving the built app at /admin; creates a profile,
 * a gateway and a device through the forms (and sees API validation errors on the field that
 * caused them); a software gateway then joins the device and sends uplinks, which appear in
 * Frames; a second node is added to the cluster on the Servers page and removed again. Every
 * page is saved as a screenshot under test-results/ for people to look at.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../../test/helpers/debian.js';
import type { DevAddr, Eui64 } from '../../server/src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../server/src/sim/index.js';
import { startLns } from '../../server/test/helpers/lns-process.js';
import { RestClient } from '../../server/test/helpers/rest-client.js';
import type { LnsProcess } from '../../server/test/helpers/lns-process.js';

const CHROMIUM = '/usr/bin/chromium';
// Headless without a sandbox (CI runs as root in a container), and no traffic to the internet.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const distIndex = join(packageDir, 'dist', 'index.html');
const assetsDir = join(packageDir, 'dist', 'assets');
const shotsDir = join(packageDir, 'test-results');

const ADMIN_PASSWORD = 'e2e-admin-password';
// Nodes of one cluster authenticate each other with this (>= 16 chars).
const CLUSTER_SECRET = randomBytes(32).toString('hex');
/** How long a cluster change (join, removal) may take on a busy 2-core machine. */
const CLUSTER_WAIT_MS = 60_000;
const GATEWAY_EUI = 'aa555a0000000101' as Eui64;
const STRANGER_EUI = 'aa555a00000000ff' as Eui64;
const DEV_EUI = '70b3d57ed0000001' as Eui64;
const JOIN_EUI = '70b3d57ed00000aa' as Eui64;
const APP_KEY = '2b7e151628aed2a6abf7158809cf4f3c';
const ABP_DEVADDR = '26e2e001' as DevAddr;
const ABP_NWKSKEY = '000102030405060708090a0b0c0d0e0f';
const ABP_APPSKEY = '0f0e0d0c0b0a09080706050403020100';

let node: LnsProcess;
/** A second node, standalone until it is added on the Servers page. */
let second: LnsProcess | undefined;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let base: string;
let gateway: FakeGateway | undefined;
let stranger: FakeGateway | undefined;
let devAddr: DevAddr;
const consoleErrors: string[] = [];

async function shot(name: string): Promise<void> {
  // Charts and tables settle after their first fetch; a full-page shot shows everything, from
  // the top (the app bar hides while scrolled) and without a focus ring on the last control.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function open(path: string): Promise<void> {
  await page.goto(`${base}/admin${path}`);
}

/** The form control of a react-admin input, found by its source (the input's name). */
function field(source: string) {
  return page.locator(`.MuiFormControl-root:has(input[name="${source}"])`).first();
}

async function fill(source: string, value: string): Promise<void> {
  await page.locator(`input[name="${source}"]`).fill(value);
}

/** The text under an input: its hint, or the error put there. */
function helperText(source: string): Promise<string | null> {
  return field(source).locator('.MuiFormHelperText-root').textContent();
}

async function save(): Promise<void> {
  await page.getByRole('button', { name: 'Save' }).click();
}

/** The vite build the node serves; built here when a developer runs this file alone. */
function ensureBuilt(): void {
  if (existsSync(distIndex)) return;
  const build = spawnSync('npx', ['vite', 'build'], { cwd: packageDir, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`@lns/web-admin: vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
}

let tmst = 1_000_000;
function radio(rssi: number, lsnr: number) {
  tmst = (tmst + 7_000_000) >>> 0;
  return { tmst, rssi, lsnr, freqMhz: 868.1, datr: 'SF7BW125' };
}

beforeAll(async () => {
  try {
    ensureDebianPackages(['chromium'], [CHROMIUM]);
  } catch (err) {
    throw new Error(
      `@lns/web-admin browser tests need Debian's chromium at ${CHROMIUM} (apt-get install -y chromium): ${
        err instanceof Error ? err.message : String(err)
      }`,
      { cause: err },
    );
  }
  ensureBuilt();
  mkdirSync(shotsDir, { recursive: true });
  [node, second] = await Promise.all([
    startLns(
      {
        LNS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LNS_NET_ID: '000013',
        LNS_CLUSTER_SECRET: CLUSTER_SECRET,
      },
      60_000,
    ),
    startLns(
      {
        LNS_NODE: 'n2',
        LNS_ADMIN_PASSWORD: 'e2e-second-node-password',
        LNS_NET_ID: '000013',
        LNS_CLUSTER_SECRET: CLUSTER_SECRET,
      },
      60_000,
    ),
  ]);
  base = `http://127.0.0.1:${node.httpPort}`;
  const served = await fetch(`${base}/admin/`);
  if (served.status !== 200 || !(await served.text()).includes('<div id="root">')) {
    throw new Error(
      `the node does not serve the admin UI at /admin (GET /admin/ answered ${served.status}): ` +
        'app.ts must register adminUiPlugin from packages/server/src/api/admin-ui.ts',
    );
  }
  userDataDir = mkdtempSync(join(tmpdir(), 'lns-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  page = context.pages()[0] ?? (await context.newPage());
  // A ceiling for waits, not a speed check: the first page load (when the app was one 1.5 MB
  // script parsed by a cold Chromium) took over 18 s while the cluster suites loaded both cores.
  page.setDefaultTimeout(40_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
});

afterEach(async (ctx) => {
  // What the browser showed when a step failed, next to the step screenshots.
  if (ctx.task.result?.state === 'fail' && page !== undefined) {
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: join(shotsDir, `FAILED-${name}.png`), fullPage: true });
  }
});

afterAll(async () => {
  await context?.close();
  await gateway?.close();
  await stranger?.close();
  await second?.stop();
  await node?.stop();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

describe('@lns/web-admin in chromium against a running node', () => {
  it('loads only the app shell for the login page: no page, dashboard or chart code', async () => {
    // A cold browser (fresh profile): every script the login page needs is fetched here.
    const fetched: Promise<[string, Buffer]>[] = [];
    const onResponse = (res: Response) => {
      if (res.request().resourceType() !== 'script') return;
      fetched.push(res.body().then((body) => [basename(new URL(res.url()).pathname), body]));
    };
    page.on('response', onResponse);
    await open('/');
    await page.locator('input[name="username"]').waitFor();
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    const scripts = new Map(await Promise.all(fetched));
    const code = [...scripts.values()].map((body) => body.toString('utf8')).join('\n');
    // Markers of code the login page must not fetch (before the split it was all one script):
    // recharts' wrapper class, react-admin's list table and show layout, the dashboard's tiles.
    const markers = ['recharts-wrapper', 'RaDataTable', 'RaSimpleShowLayout', 'tile-gateways'];
    expect(markers.filter((marker) => code.includes(marker))).toEqual([]);
    expect(code.includes('RaLogin')).toBe(true);
    // The figures for people, next to the screenshots (README "Build" quotes them).
    const built = readdirSync(assetsDir).filter((f) => f.endsWith('.js'));
    const figures = {
      loginScripts: scripts.size,
      loginBytes: sum([...scripts.values()].map((body) => body.length)),
      loginGzipBytes: sum([...scripts.values()].map((body) => gzipSync(body).length)),
      builtScripts: built.length,
      builtBytes: sum(built.map((f) => statSync(join(assetsDir, f)).size)),
      files: [...scripts.keys()],
    };
    writeFileSync(join(shotsDir, 'login-scripts.json'), `${JSON.stringify(figures)}\n`);
  });

  it('serves the app at /admin and logs in', async () => {
    await open('/');
    await page.locator('input[name="username"]').waitFor();
    await shot('01-login');
    await fill('username', 'admin');
    await fill('password', 'wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The refusal comes after a full scrypt check: seconds on a loaded machine.
    await expect
      .poll(() => page.getByText('wrong username or password').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await fill('password', ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Cluster health').waitFor();
    await page.getByTestId('tile-node').getByText('ok').waitFor();
    expect(await page.getByTestId('tile-node').textContent()).toContain('Node e2e');
  });

  it('creates a profile through the form; an API validation error lands on its field', async () => {
    await open('/profiles/create');
    await fill('id', 'eu-a');
    await fill('name', 'EU868 class A');
    // Within the form's own checks but outside the API's schema (100-1000 MHz).
    await fill('rx2Freq', '5');
    await save();
    await expect.poll(() => helperText('rx2Freq')).toContain('rx2Freq must be >= 100000000');
    await shot('02-profile-create-field-error');
    await fill('rx2Freq', '869525000');
    await save();
    await page.waitForURL(/\/admin\/profiles\/eu-a\/show$/);
    await page.getByText('EU868 class A').first().waitFor();
    await open('/profiles');
    await page.getByRole('cell', { name: 'eu-a', exact: true }).waitFor();
    await shot('03-profiles');
  });

  it('creates a gateway with an EUI typed in any format; a duplicate is refused on the EUI field', async () => {
    await open('/gateways/create');
    await fill('id', 'AA-55-5A-00-00-00-01-01');
    await fill('name', 'Rooftop north');
    await fill('location.lat', '52.37024');
    await fill('location.lon', '4.89173');
    await save();
    await page.waitForURL(/\/admin\/gateways\/aa555a0000000101\/show$/);
    await page.getByText('aa:55:5a:00:00:00:01:01').waitFor();
    await shot('04-gateway-show');

    await open('/gateways/create');
    await fill('id', 'aa:55:5a:00:00:00:01:01');
    await save();
    await expect.poll(() => helperText('id')).toContain('gateway aa555a0000000101 already exists');
    await shot('05-gateway-create-duplicate');
  });

  it('creates an OTAA device through the form; its key is masked', async () => {
    await open('/devices/create');
    await fill('id', '70:B3:D5:7E:D0:00:00:01');
    await fill('name', 'Cold store sensor');
    await fill('joinEui', JOIN_EUI.toUpperCase());
    await fill('appKey', APP_KEY);
    await field('profileId').getByRole('combobox').click();
    await page.getByRole('option', { name: 'EU868 class A (eu-a)' }).click();
    await shot('06-device-create');
    await save();
    await page.waitForURL(/\/admin\/devices\/70b3d57ed0000001\/show$/);
    expect(await page.getByTestId('key-appKey').textContent()).toBe('•'.repeat(32));
    expect(await page.getByText(APP_KEY).count()).toBe(0);
    await page.getByRole('button', { name: 'Reveal key' }).click();
    await page.getByText(APP_KEY).waitFor();
  });

  it('shows frames a fake gateway sends, live, filtered by DevAddr', async () => {
    gateway = new FakeGateway({
      gatewayEui: GATEWAY_EUI,
      serverHost: '127.0.0.1',
      serverPort: node.udpPort,
      bindHost: '127.0.0.1',
    });
    await gateway.open();
    gateway.pullData();
    const device = new SimDevice({
      identity: { devEui: DEV_EUI, joinEui: JOIN_EUI, appKey: APP_KEY },
    });
    gateway.pushUplink(device.joinRequest(0x2e2e), radio(-70, 9));
    expect(await gateway.waitFor(() => gateway!.downlinks.length > 0, 8000)).toBe(true);
    const accept = gateway.downlinks.shift()!;
    devAddr = device.acceptJoin(accept.phyPayload, 0x2e2e).devAddr;

    // The log is empty until the uplinks come; no reload: the list refreshes by itself.
    await open('/frames');
    await page.getByText('No frames').waitFor();
    const signal: [number, number][] = [
      [-71, 9.5],
      [-78, 7],
      [-85, 4.5],
      [-80, 6],
      [-92, 1.5],
    ];
    for (const [i, [rssi, lsnr]] of signal.entries()) {
      const payload = Buffer.from(`t=${20 + i}`);
      gateway.pushUplink(device.uplink({ fPort: 2, payload }), radio(rssi, lsnr));
    }
    const lastHex = Buffer.from('t=24').toString('hex');
    await page.getByRole('cell', { name: lastHex }).waitFor();
    await fill('devAddr', devAddr.toUpperCase());
    await expect.poll(() => page.getByRole('cell', { name: devAddr }).count()).toBe(5);
    await fill('devAddr', '26ffffff');
    await page
      .getByText(/^No .*found/i)
      .first()
      .waitFor();
    await fill('devAddr', devAddr);
    await expect.poll(() => page.getByRole('cell', { name: devAddr }).count()).toBe(5);
    await shot('07-frames');
  });

  it('shows the device joined, its session, and queues a downlink in hex', async () => {
    await open(`/devices/${DEV_EUI}/show`);
    await page.getByText(devAddr).first().waitFor();
    await shot('08-device-show');

    await open(`/nodes/${devAddr}/show`);
    await page.getByText('Downlink queue').waitFor();
    await fill('payload', '01 02 ff');
    await page.getByRole('button', { name: 'Queue downlink' }).click();
    await page.getByRole('cell', { name: '0102ff' }).waitFor();
    await shot('09-node-show-queue');
  });

  it('records an unknown gateway as a warning event', async () => {
    stranger = new FakeGateway({
      gatewayEui: STRANGER_EUI,
      serverHost: '127.0.0.1',
      serverPort: node.udpPort,
      bindHost: '127.0.0.1',
    });
    await stranger.open();
    const abp = new SimDevice({
      session: { devAddr: '26e2e0ff' as DevAddr, nwkSKey: APP_KEY, appSKey: APP_KEY },
    });
    stranger.pushUplink(abp.uplink({ fPort: 1, payload: Buffer.from([1]) }), radio(-100, -5));
    await open('/events');
    const chip = page.locator('[data-severity="warning"]').first();
    await chip.waitFor();
    await page.getByRole('cell', { name: 'unknown_gateway' }).first().waitFor();
    await shot('10-events');
  });

  it('renders every other page with data or a clear empty state', async () => {
    const pages: [string, string, string][] = [
      ['/', 'Uplinks per minute (last hour)', '00-dashboard'],
      ['/servers', 'e2e', '11-servers'],
      ['/servers/create', 'The new server’s data will be replaced', '12-servers-create'],
      ['/gateways', 'Rooftop north', '13-gateways'],
      ['/devices', 'Cold store sensor', '14-devices'],
      ['/nodes', devAddr, '15-nodes'],
      ['/users', 'admin', '16-users'],
      ['/users/create', 'Repeat the password', '17-users-create'],
      ['/integrations', 'No integrations yet', '18-integrations'],
      ['/integrations/create', 'HTTP headers', '19-integrations-create'],
    ];
    for (const [path, text, name] of pages) {
      await open(path);
      await page.getByText(text).first().waitFor();
      if (path === '/') {
        // The charts have data: bars for the uplinks, a line for the chosen device.
        await page.locator('.recharts-bar-rectangle').first().waitFor();
        await page.locator('.recharts-line-curve').first().waitFor();
      }
      await shot(name);
    }
  });

  it('counts an ABP node among the devices and as an active session on the dashboard', async () => {
    // Made through the API: the node form's key fields are tested elsewhere.
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${base}/api/nodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: ABP_DEVADDR,
        profileId: 'eu-a',
        nwkSKey: ABP_NWKSKEY,
        appSKey: ABP_APPSKEY,
      }),
    });
    expect(created.status).toBe(201);
    const abp = new SimDevice({
      session: { devAddr: ABP_DEVADDR, nwkSKey: ABP_NWKSKEY, appSKey: ABP_APPSKEY },
    });
    gateway!.pushUplink(abp.uplink({ fPort: 1, payload: Buffer.from([7]) }), radio(-95, 2));
    // One OTAA device and one ABP node, both sent uplinks a moment ago (the tiles refresh).
    await open('/');
    await page.getByTestId('tile-devices').getByText('1 OTAA · 1 ABP').waitFor();
    expect(await page.getByTestId('tile-devices').textContent()).toBe('Devices21 OTAA · 1 ABP');
    const sessions = page.getByTestId('tile-sessions');
    await sessions.getByText('2', { exact: true }).waitFor();
    expect(await sessions.textContent()).toBe('Active sessions2of 2 · an uplink in the last 24 h');
    await shot('24-dashboard-abp');
  });

  it('edits every resource through its form and saves; secrets come masked and survive the round trip', async () => {
    const rest = new RestClient(node.httpPort);
    await rest.login('admin', ADMIN_PASSWORD);
    const reveal = async (path: string) =>
      (await rest.request<Record<string, unknown>>('GET', `${path}?reveal=true`)).body;
    const editAndSave = async (path: string, source: string, value: string, showUrl: RegExp) => {
      await open(path);
      await page.locator(`input[name="${source}"]`).waitFor();
      await fill(source, value);
      await save();
      await page.waitForURL(showUrl);
    };

    await editAndSave(
      '/profiles/eu-a',
      'name',
      'EU868 class A (edited)',
      /\/admin\/profiles\/eu-a\/show$/,
    );
    expect(await reveal('/api/profiles/eu-a')).toMatchObject({
      name: 'EU868 class A (edited)',
      rx2Freq: 869_525_000,
    });

    // The gateway has sent traffic: its record carries lastSeen, server and stats, which the
    // form must not send back (the API refuses unknown fields).
    await editAndSave(
      `/gateways/${GATEWAY_EUI}`,
      'name',
      'Rooftop north (edited)',
      new RegExp(`/admin/gateways/${GATEWAY_EUI}/show$`),
    );
    expect(await reveal(`/api/gateways/${GATEWAY_EUI}`)).toMatchObject({
      name: 'Rooftop north (edited)',
    });
    // Its region and a Basics Station token through the same form; the token is masked while
    // typed and the show page says only that one is set.
    await open(`/gateways/${GATEWAY_EUI}`);
    await page.getByRole('combobox', { name: /Region/ }).click();
    await page.getByRole('option', { name: 'EU868', exact: true }).click();
    await fill('stationToken', 'e2e station token');
    expect(await page.locator('input[name="stationToken"]').getAttribute('type')).toBe('password');
    await save();
    await page.waitForURL(new RegExp(`/admin/gateways/${GATEWAY_EUI}/show$`));
    await page.getByText('Set (hidden; edit the gateway to reveal or change it)').waitFor();
    expect(await page.getByText('e2e station token').count()).toBe(0);
    expect(await reveal(`/api/gateways/${GATEWAY_EUI}`)).toMatchObject({
      region: 'EU868',
      stationToken: 'e2e station token',
    });
    // The gateway keeps its PULL path fresh: the list shows it connected over UDP, in EU868.
    gateway!.pullData();
    await open('/gateways');
    const gatewayRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'Rooftop north (edited)' }) });
    await gatewayRow.getByText('UDP · connected').waitFor();
    expect(await gatewayRow.textContent()).toContain('EU868');

    // The device's AppKey comes masked into the form; saved unchanged, the key stays.
    await open(`/devices/${DEV_EUI}`);
    await page.locator('input[name="appKey"]').waitFor();
    expect(await page.locator('input[name="appKey"]').inputValue()).toBe('********');
    await fill('name', 'Cold store sensor (edited)');
    await save();
    await page.waitForURL(new RegExp(`/admin/devices/${DEV_EUI}/show$`));
    expect(await reveal(`/api/devices/${DEV_EUI}`)).toMatchObject({
      name: 'Cold store sensor (edited)',
      appKey: APP_KEY,
      devAddr,
    });
    // An admin reveals the key in the form itself.
    await open(`/devices/${DEV_EUI}`);
    await field('appKey').getByRole('button', { name: 'Reveal key' }).click();
    await expect.poll(() => page.locator('input[name="appKey"]').inputValue()).toBe(APP_KEY);

    // The joined node: counters from traffic, session keys masked.
    const before = await reveal(`/api/nodes/${devAddr}`);
    await editAndSave(
      `/nodes/${devAddr}`,
      'fCntDown',
      String(Number(before.fCntDown) + 100),
      new RegExp(`/admin/nodes/${devAddr}/show$`),
    );
    expect(await reveal(`/api/nodes/${devAddr}`)).toMatchObject({
      fCntDown: Number(before.fCntDown) + 100,
      nwkSKey: before.nwkSKey,
      appSKey: before.appSKey,
    });
    await shot('24-node-edited');

    // A user: created through the form, then promoted with the password left empty.
    await open('/users/create');
    await fill('id', 'ops');
    await field('role').getByRole('combobox').click();
    await page.getByRole('option', { name: /viewer/i }).click();
    await fill('password', 'ops-password-1');
    await fill('passwordConfirm', 'ops-password-1');
    await save();
    await page.waitForURL(/\/admin\/users$/);
    await open('/users/ops');
    await field('role').getByRole('combobox').click();
    await page.getByRole('option', { name: /admin/i }).click();
    await save();
    await page.waitForURL(/\/admin\/users$/);
    expect(await reveal('/api/users/ops')).toEqual({ id: 'ops', role: 'admin' });
    const opsLogin = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ops', password: 'ops-password-1' }),
    });
    expect(opsLogin.status).toBe(200);

    // An integration with a secret header: shown masked, kept when the form is saved.
    await open('/integrations/create');
    await fill('id', 'e2e-hook');
    await fill('url', 'http://127.0.0.1:9/hook');
    await page.getByLabel('HTTP headers').fill('Authorization: Bearer e2e-secret-token');
    await page.locator('input[name="enabled"]').uncheck();
    await save();
    await page.waitForURL(/\/admin\/integrations\/e2e-hook\/show$/);
    await page.getByText('Authorization: ********').waitFor();
    expect(await page.getByText('e2e-secret-token').count()).toBe(0);
    await page.getByRole('button', { name: 'Reveal header values' }).click();
    await page.getByText('Authorization: Bearer e2e-secret-token').waitFor();
    await shot('25-integration-revealed');
    await editAndSave(
      '/integrations/e2e-hook',
      'url',
      'http://127.0.0.1:9/other-hook',
      /\/admin\/integrations\/e2e-hook\/show$/,
    );
    expect(await reveal('/api/integrations/e2e-hook')).toMatchObject({
      url: 'http://127.0.0.1:9/other-hook',
      headers: { Authorization: 'Bearer e2e-secret-token' },
      enabled: false,
    });
    // Each of these changes is in the audit trail, naming the admin.
    const audit = await rest.request<{ text: string }[]>(
      'GET',
      `/api/events?filter=${encodeURIComponent(JSON.stringify({ kind: 'audit' }))}&range=[0,99]`,
    );
    expect(audit.body.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'admin updated profile eu-a',
        `admin updated gateway ${GATEWAY_EUI}`,
        `admin updated device ${DEV_EUI}`,
        `admin revealed the secrets of device ${DEV_EUI}`,
        `admin updated node ${devAddr}`,
        'admin created user ops',
        'admin updated user ops',
        'admin created integration e2e-hook',
        'admin updated integration e2e-hook',
      ]),
    );
    // Six forms, each loaded, filled and saved: minutes on a loaded 2-core machine.
  }, 300_000);

  it('adds a second node on the Servers page, sees it up, and removes it', async () => {
    const n2 = second!;
    const row = () =>
      page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'n2', exact: true }) });
    await open('/servers');
    await page.getByRole('cell', { name: 'e2e', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Add server' }).click();
    await page.waitForURL(/\/admin\/servers\/create$/);
    // The page is a chunk of its own, fetched now (it may take seconds on a busy machine).
    await page.getByText('The new server’s data will be replaced').waitFor();
    await fill('address', n2.clusterAddress);
    await shot('20-servers-add');
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.waitForURL(/\/admin\/servers$/, { timeout: CLUSTER_WAIT_MS });
    await page.getByText('Server added: it now takes a copy').waitFor();
    await row().waitFor({ timeout: CLUSTER_WAIT_MS });
    // No reload: the list polls, so the new node turns up by itself.
    await expect
      .poll(() => row().locator('.MuiChip-label').textContent(), { timeout: CLUSTER_WAIT_MS })
      .toBe('up');
    const upChips = page.locator('tbody .MuiChip-label', { hasText: /^up$/ });
    await expect.poll(() => upChips.count(), { timeout: CLUSTER_WAIT_MS }).toBe(2);
    expect(await row().textContent()).toContain(n2.clusterAddress);
    await shot('21-servers-two-up');

    await row().getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Remove server n2 from the cluster?').waitFor();
    await shot('22-servers-remove-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => row().count(), { timeout: CLUSTER_WAIT_MS }).toBe(0);
    await page.getByRole('cell', { name: 'e2e', exact: true }).waitFor();
    // The removed node drains: its /health turns 503.
    await expect
      .poll(
        async () => {
          const res = await fetch(`http://127.0.0.1:${n2.httpPort}/health`);
          return `${res.status} ${((await res.json()) as { status: string }).status}`;
        },
        { timeout: CLUSTER_WAIT_MS, interval: 250 },
      )
      .toBe('503 draining');
    await page.getByText('Server removed from the cluster').waitFor();
    await shot('23-servers-after-remove');
  });

  it('keeps a deep link across a reload (the server falls back to index.html)', async () => {
    await open(`/gateways/${GATEWAY_EUI}/show`);
    await page.reload();
    await page.getByText('Rooftop north').first().waitFor();
    const direct = await fetch(`${base}/admin/gateways/${GATEWAY_EUI}/show`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('<div id="root">');
  });

  it('logged no errors in the browser console', () => {
    // A refused login and the duplicate gateway are expected 4xx answers, nothing else.
    const unexpected = consoleErrors.filter(
      (e) => !/status of (400|401|409)/.test(e) && !/Failed to load resource/.test(e),
    );
    expect(unexpected).toEqual([]);
  });
});
