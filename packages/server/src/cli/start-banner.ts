/**
 * What `lns start` prints for a person besides its JSON log: what became of the admin
 * password, and where the admin UI, the REST API, the gateway port and the cluster port are
 * (SPEC "Configuration": the first start prints the URLs besides the admin password).
 */
import { ADMIN_PREFIX } from '../api/index.js';
import { hostPort } from './node-api.js';

export interface StartBannerFacts {
  readonly node: string;
  readonly dataDir: string;
  readonly httpHost: string;
  readonly httpPort: number;
  readonly udpHost: string;
  readonly udpPort: number;
  readonly clusterAddress: string;
}

/** What became of LNS_ADMIN_PASSWORD at this start. */
export interface AdminPasswordFacts {
  readonly dataDir: string;
  /** Set when this start created user admin with a generated password. */
  readonly generatedAdminPassword?: string | undefined;
  /** Why LNS_ADMIN_PASSWORD was given and not used; undefined when it was used or not given. */
  readonly adminPasswordIgnored?: 'users-exist' | 'from-cluster' | undefined;
}

/** A bind address as a person types it in a browser on this machine. */
function browsable(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

function everywhere(host: string): string {
  return host === '0.0.0.0' || host === '::' ? ' on every interface' : '';
}

/**
 * What became of the admin password: printed as soon as the node is built, before it listens
 * (whoever waits for the node to listen finds the password already printed).
 */
export function adminPasswordBanner(facts: AdminPasswordFacts): string {
  const lines: string[] = [];
  if (facts.generatedAdminPassword !== undefined) {
    // Printed once, on the first start only, and never logged: the log may be shipped away.
    lines.push(
      `lns: created user "admin" with password ${facts.generatedAdminPassword} (shown once)`,
    );
  }
  if (facts.adminPasswordIgnored === 'users-exist') {
    lines.push(
      "lns: admin exists; LNS_ADMIN_PASSWORD ignored (it sets the first start's password only; " +
        `to change one: npm run lns -- user passwd admin --data-dir ${facts.dataDir})`,
    );
  } else if (facts.adminPasswordIgnored === 'from-cluster') {
    lines.push(
      'lns: this node takes its users from the cluster (db_master); LNS_ADMIN_PASSWORD ignored',
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** Where the node listens, printed once it does. */
export function startBanner(facts: StartBannerFacts): string {
  const lines: string[] = [];
  const web = `http://${hostPort(browsable(facts.httpHost), facts.httpPort)}`;
  lines.push(
    `lns: node ${facts.node} listening (data in ${facts.dataDir})`,
    `  admin UI   ${web}${ADMIN_PREFIX}/`,
    `  REST API   ${web}/api   reference: ${web}/api/docs`,
    `  gateways   UDP ${hostPort(facts.udpHost, facts.udpPort)}${everywhere(facts.udpHost)} (Semtech packet forwarder)`,
    `  cluster    ${facts.clusterAddress} (LNS_ADVERTISE)`,
  );
  return lines.map((l) => `${l}\n`).join('');
}
