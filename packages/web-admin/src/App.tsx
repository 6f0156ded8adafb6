/**
 * The lns admin UI: react-admin on the REST API of the node that serves it (`/api`, same
 * origin), one <Resource> per SPEC collection, grouped in the menu as an operator works.
 */
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { Admin, Resource } from 'react-admin';
import type { AuthProvider } from 'react-admin';
import { lazyPage } from './components/lazy-page';
import { messages } from './i18n/en';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { darkTheme, lightTheme } from './layout/theme';
import { createAuthProvider } from './providers/auth-provider';
import { createDataProvider } from './providers/data-provider';
import type { LnsDataProvider } from './providers/data-provider';
import devices from './resources/devices';
import events from './resources/events';
import frames from './resources/frames';
import gateways from './resources/gateways';
import integrations from './resources/integrations';
import nodes from './resources/nodes';
import profiles from './resources/profiles';
import servers from './resources/servers';
import users from './resources/users';

// The dashboard (and recharts with it) and every resource page are chunks of their own: the
// login page loads only react-admin's shell (see vite.config.ts for the vendor chunks).
const Dashboard = lazyPage(() => import('./dashboard/Dashboard'), 'Dashboard');

const i18nProvider = polyglotI18nProvider(
  () => messages,
  'en',
  [{ locale: 'en', name: 'English' }],
  {
    allowMissing: true,
  },
);

export interface AppProps {
  readonly dataProvider?: LnsDataProvider;
  readonly authProvider?: AuthProvider;
}

export function App({
  dataProvider = createDataProvider(),
  authProvider = createAuthProvider(),
}: AppProps) {
  return (
    <Admin
      title="lns"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={Layout}
      loginPage={LoginPage}
      dashboard={Dashboard}
      theme={lightTheme}
      darkTheme={darkTheme}
      defaultTheme="light"
      requireAuth
      disableTelemetry
    >
      <Resource name="servers" {...servers} />
      <Resource name="gateways" {...gateways} />
      <Resource name="profiles" {...profiles} />
      <Resource name="devices" {...devices} />
      <Resource name="nodes" {...nodes} />
      <Resource name="frames" {...frames} />
      <Resource name="events" {...events} />
      <Resource name="users" {...users} />
      <Resource name="integrations" {...integrations} />
    </Admin>
  );
}
