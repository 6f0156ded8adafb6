/**
 * One smoke render per resource list (CONVENTIONS §7): the whole app at /<resource> on an
 * in-memory data provider shows the record the way an operator reads it.
 */
import { render, screen, within } from '@testing-library/react';
import { TestMemoryRouter } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { LnsDataProvider } from '../providers/data-provider';
import { fakeAuthProvider, fakeDataProvider, fixtures } from '../test/fixtures';

function renderAt(
  path: string,
  role: 'admin' | 'viewer' = 'admin',
  dataProvider: LnsDataProvider = fakeDataProvider(),
) {
  return render(
    <TestMemoryRouter initialEntries={[path]}>
      <App dataProvider={dataProvider} authProvider={fakeAuthProvider(role)} />
    </TestMemoryRouter>,
  );
}

async function table() {
  return within(await screen.findByRole('table'));
}

describe('resource lists', () => {
  it('servers: name, address, status and uptime', async () => {
    renderAt('/servers');
    const t = await table();
    expect(await t.findByText('n1')).toBeTruthy();
    expect(t.getByText('10.0.0.1:4370')).toBeTruthy();
    expect(t.getByText('up')).toBeTruthy();
    expect(t.getByText('1 h 1 min')).toBeTruthy();
  });

  it('gateways: grouped EUI, name, location, last seen, server and traffic', async () => {
    renderAt('/gateways');
    const t = await table();
    expect(await t.findByText('aa:55:5a:00:00:00:01:01')).toBeTruthy();
    expect(t.getByText('Rooftop north')).toBeTruthy();
    expect(t.getByText(/52\.37024, 4\.89173/)).toBeTruthy();
    expect(t.getByText(/s ago$/)).toBeTruthy();
    expect(t.getByText('↑ 17 · ↓ 2')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: /Gateway EUI/ })).toBeTruthy();
  });

  it('profiles: region, version and class', async () => {
    renderAt('/profiles');
    const t = await table();
    expect(await t.findByText('eu-class-a')).toBeTruthy();
    expect(t.getByText('EU868')).toBeTruthy();
    expect(t.getByText('1.0.3')).toBeTruthy();
    expect(t.getByText('strict32')).toBeTruthy();
  });

  it('devices: DevEUI, JoinEUI, profile, current DevAddr and last join', async () => {
    renderAt('/devices');
    const t = await table();
    expect(await t.findByText('70:b3:d5:7e:d0:00:00:01')).toBeTruthy();
    expect(t.getByText('Cold store sensor')).toBeTruthy();
    expect(t.getByText('00:00:00:00:00:00:00:00')).toBeTruthy();
    expect(t.getByText('26011bda')).toBeTruthy();
    expect(await t.findByText(/EU868 class A/)).toBeTruthy();
  });

  it('nodes: counters, battery, margin and last gateway', async () => {
    renderAt('/nodes');
    const t = await table();
    expect(await t.findByText('26011bda')).toBeTruthy();
    expect(t.getByText('41')).toBeTruthy();
    expect(t.getByText('100 %')).toBeTruthy();
    expect(t.getByText('9 dB')).toBeTruthy();
    expect(t.getByText('aa:55:5a:00:00:00:01:01')).toBeTruthy();
    expect(t.getByText('-87 dBm · SNR 7.5 dB')).toBeTruthy();
  });

  it('frames: direction, DevAddr, payload and gateway, with the live switch', async () => {
    renderAt('/frames');
    const t = await table();
    expect(await t.findByText('↑ up')).toBeTruthy();
    expect(t.getByText('cafe01')).toBeTruthy();
    expect(t.getByText(/aa:55:5a:00:00:00:01:01 · -87 dBm/)).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Live' })).toHaveProperty('checked', true);
    expect(screen.getByRole('textbox', { name: 'DevAddr' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'DevEUI' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Gateway EUI' })).toBeTruthy();
  });

  it('events: severity chip in its colour, kind and text', async () => {
    renderAt('/events');
    const t = await table();
    const chip = await t.findByText('warning');
    expect(chip.closest('[data-severity]')?.getAttribute('data-severity')).toBe('warning');
    expect(chip.closest('.MuiChip-root')?.className).toMatch(/colorWarning/);
    expect(t.getByText('unknown_gateway')).toBeTruthy();
    expect(t.getByText(/unregistered gateway/)).toBeTruthy();
  });

  it('users: name and role', async () => {
    renderAt('/users');
    const t = await table();
    expect(await t.findByText('operator-jane')).toBeTruthy();
    expect(t.getByText('viewer')).toBeTruthy();
  });

  it('integrations: type, URL, events and enabled', async () => {
    renderAt('/integrations');
    const t = await table();
    expect(await t.findByText('app-backend')).toBeTruthy();
    expect(t.getByText('https://app.example/lns')).toBeTruthy();
    expect(t.getByText('join')).toBeTruthy();
  });

  it('hides create buttons from a viewer', async () => {
    renderAt('/gateways', 'viewer');
    await (await table()).findByText('Rooftop north');
    expect(screen.queryByRole('link', { name: /create/i })).toBeNull();
  });
});

describe('shows', () => {
  it('device: the AppKey comes masked; an admin reveals it from the server', async () => {
    renderAt('/devices/70b3d57ed0000001/show');
    const key = await screen.findByTestId('key-appKey');
    expect(key.textContent).toBe('•'.repeat(32));
    expect(screen.queryByRole('button', { name: 'Copy key' })).toBeNull();
    (await screen.findAllByRole('button', { name: 'Reveal key' }))[0]!.click();
    expect(await screen.findByText('2b7e151628aed2a6abf7158809cf4f3c')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeTruthy();
  });

  it('node: a viewer sees masked session keys with no reveal and no copy', async () => {
    renderAt('/nodes/26011bda/show', 'viewer');
    expect((await screen.findByTestId('key-nwkSKey')).textContent).toBe('•'.repeat(32));
    expect(screen.getByTestId('key-appSKey').textContent).toBe('•'.repeat(32));
    expect(screen.queryByRole('button', { name: 'Reveal key' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy key' })).toBeNull();
  });

  it('integration: header values masked; an admin reveals them, a viewer cannot', async () => {
    const admin = renderAt('/integrations/app-backend/show');
    expect(await screen.findByText('Authorization: ********')).toBeTruthy();
    screen.getByRole('button', { name: 'Reveal header values' }).click();
    expect(await screen.findByText('Authorization: Bearer app-token-1')).toBeTruthy();
    admin.unmount();
    renderAt('/integrations/app-backend/show', 'viewer');
    expect(await screen.findByText('Authorization: ********')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reveal header values' })).toBeNull();
  });

  it('node: the downlink queue form', async () => {
    renderAt('/nodes/26011bda/show');
    expect(await screen.findByText('Downlink queue')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Queue downlink/ })).toBeTruthy();
    expect(await screen.findByText('Nothing queued.')).toBeTruthy();
  });
});

describe('menu', () => {
  it('links to the API reference, opening a new tab', async () => {
    renderAt('/');
    // A menu item like the others (role menuitem), made of a link.
    const link = await screen.findByRole('menuitem', {
      name: 'API reference (opens in a new tab)',
    });
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('href')).toBe('/api/docs');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(link.textContent).toBe('API reference');
  });
});

describe('dashboard', () => {
  it('shows health tiles and the charts', async () => {
    renderAt('/');
    expect(await screen.findByText('Node n1')).toBeTruthy();
    expect(await screen.findByText('1 / 1')).toBeTruthy();
    expect(screen.getByText('Uplinks per minute (last hour)')).toBeTruthy();
    expect(screen.getByText('RSSI and SNR over time')).toBeTruthy();
  });

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const abpNode = (id: string, lastRx: string | undefined) => ({
    id,
    profileId: 'eu-class-a',
    nwkSKey: '000102030405060708090a0b0c0d0e0f',
    appSKey: '0f0e0d0c0b0a09080706050403020100',
    fCntDown: 0,
    ...(lastRx === undefined ? {} : { lastRx }),
  });

  async function tile(testId: string, value: string) {
    const el = await screen.findByTestId(testId);
    await within(el).findByText(value);
    return el.textContent;
  }

  it('counts an ABP node as a device and as an active session when no OTAA device exists', async () => {
    renderAt(
      '/',
      'admin',
      fakeDataProvider({ ...fixtures, devices: [], nodes: [abpNode('26e2e0ff', minutesAgo(1))] }),
    );
    expect(await tile('tile-devices', '1')).toContain('0 OTAA · 1 ABP');
    expect(await tile('tile-sessions', '1')).toContain('of 1 · an uplink in the last 24 h');
  });

  it('counts OTAA devices and ABP nodes; a session silent for over 24 h is not active', async () => {
    renderAt(
      '/',
      'admin',
      fakeDataProvider({
        ...fixtures,
        nodes: [
          ...fixtures.nodes!,
          abpNode('26e2e0ff', minutesAgo(10)),
          abpNode('26e2e0fe', minutesAgo(3 * 24 * 60)),
          abpNode('26e2e0fd', undefined),
        ],
      }),
    );
    expect(await tile('tile-devices', '4')).toContain('1 OTAA · 3 ABP');
    expect(await tile('tile-sessions', '2')).toContain('of 4 · an uplink in the last 24 h');
  });
});
