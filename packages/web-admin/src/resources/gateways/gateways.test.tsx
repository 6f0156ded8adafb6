/**
 * Gateways as an operator sees them: the region (or the node default) and the connection
 * state as one chip in the list and the show page; the region select of the forms, checked on
 * the body the data provider sends to the API (PUT/POST), not on react-admin's internals.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { fetchUtils } from 'react-admin';
import { TestMemoryRouter } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { App } from '../../App';
import { createDataProvider } from '../../providers/data-provider';
import type { LnsDataProvider } from '../../providers/data-provider';
import { regionNames } from '../../regions';
import { fakeAuthProvider, fakeDataProvider, fixtures } from '../../test/fixtures';
import type { GatewayRecord } from '../../types';

const now = new Date().toISOString();
const gateway = (id: string, name: string, extra: Partial<GatewayRecord>): GatewayRecord => ({
  id,
  name,
  txRfChain: 0,
  lastSeen: now,
  ...extra,
});

const gateways: GatewayRecord[] = [
  gateway('aa555a0000000001', 'Station roof', {
    protocol: 'basics-station',
    connected: true,
    server: 'n1',
    region: 'US915',
  }),
  gateway('aa555a0000000002', 'Station basement', { protocol: 'basics-station', connected: false }),
  gateway('aa555a0000000003', 'Forwarder mast', { protocol: 'udp', connected: true, server: 'n2' }),
  gateway('aa555a0000000004', 'Forwarder barn', { protocol: 'udp', connected: false }),
  { id: 'aa555a0000000005', name: 'Boxed', txRfChain: 0 },
  // Heard, from a node that does not report protocol and connection (older version).
  gateway('aa555a0000000006', 'Legacy', {}),
];

function renderAt(path: string, dataProvider: LnsDataProvider) {
  return render(
    <TestMemoryRouter initialEntries={[path]}>
      <App dataProvider={dataProvider} authProvider={fakeAuthProvider('admin')} />
    </TestMemoryRouter>,
  );
}

const withGateways = () => fakeDataProvider({ ...fixtures, gateways });

async function row(name: string) {
  const cell = await screen.findByText(name);
  return within(cell.closest('tr')!);
}

describe('gateway list and show', () => {
  it('shows protocol and connection state as one chip per gateway', async () => {
    renderAt('/gateways', withGateways());
    const expected: [string, string, string][] = [
      ['Station roof', 'Basics Station · connected', 'success'],
      ['Station basement', 'Basics Station · disconnected', 'warning'],
      ['Forwarder mast', 'UDP · connected', 'success'],
      ['Forwarder barn', 'UDP · no path', 'warning'],
      ['Boxed', 'never seen', 'default'],
      ['Legacy', 'state unknown', 'default'],
    ];
    for (const [name, label, color] of expected) {
      const chip = (await row(name)).getByText(label);
      expect(chip.closest('[data-connection]')?.getAttribute('data-connection')).toBe(color);
    }
    expect(screen.getByRole('columnheader', { name: 'Connection' })).toBeTruthy();
  });

  it('shows the region, or that the node default applies', async () => {
    renderAt('/gateways', withGateways());
    expect((await row('Station roof')).getByText('US915')).toBeTruthy();
    expect((await row('Forwarder mast')).getByText('node default')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: /Region/ })).toBeTruthy();
  });

  it('show page: region and connection, with what the state means for downlinks', async () => {
    renderAt('/gateways/aa555a0000000001/show', withGateways());
    const chip = await screen.findByText('Basics Station · connected');
    expect(screen.getByText('US915')).toBeTruthy();
    fireEvent.mouseOver(chip);
    expect(await screen.findByText(/WebSocket open on node n1/)).toBeTruthy();
  });
});

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | undefined;
}

/** The real data provider over an in-memory `/api/gateways`, recording what it sends. */
function recordingApi(stored: GatewayRecord) {
  const sent: Sent[] = [];
  const reply = (status: number, json: unknown) =>
    Promise.resolve({ status, headers: new Headers(), body: JSON.stringify(json), json });
  const httpClient = (url: string, options: fetchUtils.Options = {}) => {
    const method = options.method ?? 'GET';
    const body =
      typeof options.body === 'string'
        ? (JSON.parse(options.body) as Record<string, unknown>)
        : undefined;
    const path = new URL(url, 'http://lns.test').pathname;
    sent.push({ method, path, body });
    if (method === 'PUT') return reply(200, { ...stored, ...body });
    if (method === 'POST') return reply(201, body);
    return reply(200, stored);
  };
  return { dataProvider: createDataProvider({ httpClient }), sent };
}

async function chooseRegion(option: string) {
  fireEvent.mouseDown(await screen.findByRole('combobox', { name: /Region/ }));
  // By its text: react-admin labels the empty option "Clear value" for screen readers.
  const options = within(await screen.findByRole('listbox')).getAllByRole('option');
  fireEvent.click(options.find((o) => o.textContent === option)!);
}

const writes = (sent: readonly Sent[]) => sent.filter((s) => s.method !== 'GET');

describe('gateway region in the forms', () => {
  it('offers every region name and the node default', async () => {
    const { dataProvider } = recordingApi(gateways[3]!);
    renderAt('/gateways/aa555a0000000004', dataProvider);
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: /Region/ }));
    const options = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['Node default (LNS_REGION)', ...regionNames]);
  });

  it('edit: a chosen region is sent with the PUT', async () => {
    const { dataProvider, sent } = recordingApi(gateways[3]!);
    renderAt('/gateways/aa555a0000000004', dataProvider);
    await chooseRegion('AS923-2');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(sent)).toHaveLength(1));
    expect(writes(sent)[0]).toMatchObject({
      method: 'PUT',
      path: '/api/gateways/aa555a0000000004',
      body: { region: 'AS923-2', name: 'Forwarder barn' },
    });
  });

  it('edit: back to the node default sends region null (clears it)', async () => {
    const { dataProvider, sent } = recordingApi(gateways[0]!);
    renderAt('/gateways/aa555a0000000001', dataProvider);
    await chooseRegion('Node default (LNS_REGION)');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(sent)).toHaveLength(1));
    expect(writes(sent)[0]?.body).toMatchObject({ region: null });
    // Live fields are never written back.
    expect(Object.keys(writes(sent)[0]?.body ?? {})).not.toContain('protocol');
    expect(Object.keys(writes(sent)[0]?.body ?? {})).not.toContain('connected');
  });

  it('create: no region unless one is chosen', async () => {
    const { dataProvider, sent } = recordingApi(gateways[3]!);
    renderAt('/gateways/create', dataProvider);
    fireEvent.change(await screen.findByRole('textbox', { name: /Gateway EUI/ }), {
      target: { value: 'AA-55-5A-00-00-00-00-09' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(sent)).toHaveLength(1));
    expect(writes(sent)[0]).toMatchObject({ method: 'POST', path: '/api/gateways' });
    expect(writes(sent)[0]?.body).toEqual({ id: 'aa555a0000000009', txRfChain: 0 });
  });
});

describe('gateway station token in the forms', () => {
  const tokenInput = () =>
    screen.findByLabelText<HTMLInputElement>(/Station token/, { selector: 'input' });

  it('create: a typed token is sent; it is masked while typing', async () => {
    const { dataProvider, sent } = recordingApi(gateways[3]!);
    renderAt('/gateways/create', dataProvider);
    fireEvent.change(await screen.findByRole('textbox', { name: /Gateway EUI/ }), {
      target: { value: 'aa555a0000000009' },
    });
    const input = await tokenInput();
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: 'Bearer s3cret token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(sent)).toHaveLength(1));
    expect(writes(sent)[0]?.body).toEqual({
      id: 'aa555a0000000009',
      txRfChain: 0,
      stationToken: 'Bearer s3cret token',
    });
  });

  it('edit: the masked token is sent back as the mask (the API keeps it); emptied, it is removed', async () => {
    const masked = { ...gateways[0]!, stationToken: '********' };
    const kept = recordingApi(masked);
    const first = renderAt('/gateways/aa555a0000000001', kept.dataProvider);
    expect((await tokenInput()).value).toBe('********');
    fireEvent.change(await screen.findByRole('textbox', { name: /Name/ }), {
      target: { value: 'Station roof (edited)' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(kept.sent)).toHaveLength(1));
    expect(writes(kept.sent)[0]?.body).toMatchObject({ stationToken: '********' });
    first.unmount();

    const cleared = recordingApi(masked);
    renderAt('/gateways/aa555a0000000001', cleared.dataProvider);
    fireEvent.change(await tokenInput(), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes(cleared.sent)).toHaveLength(1));
    expect(writes(cleared.sent)[0]?.body).toMatchObject({ stationToken: null });
  });

  it('a token the Station could not send as a header line is refused on the field', async () => {
    const { dataProvider, sent } = recordingApi(gateways[3]!);
    renderAt('/gateways/aa555a0000000004', dataProvider);
    for (const bad of [' leading-space', 'trailing-space ', 'tökén']) {
      fireEvent.change(await tokenInput(), { target: { value: bad } });
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      expect(await screen.findByText(/visible ASCII characters/)).toBeTruthy();
    }
    expect(writes(sent)).toHaveLength(0);
  });
});

describe('gateway show: station token', () => {
  it('says whether a token is set, never its value', async () => {
    const withToken = { ...gateways[0]!, stationToken: 'plain-if-a-bug' };
    const view = renderAt('/gateways/aa555a0000000001/show', recordingApi(withToken).dataProvider);
    expect(await screen.findByText(/^Set \(hidden/)).toBeTruthy();
    expect(screen.queryByText('plain-if-a-bug')).toBeNull();
    view.unmount();
    renderAt('/gateways/aa555a0000000004/show', recordingApi(gateways[3]!).dataProvider);
    expect(await screen.findByText(/^None: a Basics Station/)).toBeTruthy();
  });
});
