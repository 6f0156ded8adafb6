/**
 * `lns user add <name> [--role admin|viewer]` and `lns user passwd <name>`.
 *
 * `add` goes through a running node's API. `passwd` works either way, because the operator who
 * needs it may have a node running (admin password lost) or stopped (a first start without
 * LNS_ADMIN_PASSWORD, then the walkthrough): through the API of the node running on the data
 * dir (or `--node`), else straight into the stopped node's database, as a write of that node
 * that replicates to its peers when it starts.
 */
import type { Config } from '../config/index.js';
import {
  CliError,
  CliHttpError,
  CliUsageError,
  parseCommand,
  callNode,
  reportCliErrors,
  resolveTarget,
  targetOptions,
  targetUsage,
} from './node-api.js';
import type { NodeTarget } from './node-api.js';
import { readPassword } from './password-input.js';

const usage = `usage: lns user add <name> [--role admin|viewer] [target]
       lns user passwd <name> [target]

  The password is read from LNS_USER_PASSWORD, else a terminal prompt (not echoed, asked
  twice), else the first line of standard input.
  passwd changes it through the node running on the data dir (or --node); when that node is
  stopped, straight in its database (the change reaches its peers when it starts).

${targetUsage}
`;

/** Writes into a stopped node's database: the composition root gives it (cli/ has no store). */
export interface OfflineUsers {
  /**
   * Sets `name`'s password in the database of the stopped node of `dataDir` to what `password`
   * gives (asked once the user is known to exist). Resolves with the database's path; throws
   * CliError when there is none, a process holds it (the node runs), or no such user.
   */
  setPassword(dataDir: string, name: string, password: () => Promise<string>): Promise<string>;
  /** True when `dataDir` holds a database no process holds (the node is stopped). */
  isStopped(dataDir: string): Promise<boolean>;
}

export function runUserCommand(
  argv: readonly string[],
  offlineFor: (config: Config) => OfflineUsers,
): Promise<number> {
  return reportCliErrors('user', async () => {
    const parsed = parseCommand(
      {
        args: [...argv],
        allowPositionals: true,
        options: { ...targetOptions, role: { type: 'string', default: 'admin' } },
      },
      usage,
    );
    const [command, name] = parsed.positionals;
    if ((command !== 'add' && command !== 'passwd') || !name) throw new CliUsageError(usage);
    const role = parsed.values.role;
    if (role !== 'admin' && role !== 'viewer') {
      throw new CliUsageError('--role must be admin or viewer');
    }
    const target = resolveTarget(parsed.values);
    if (command === 'add') {
      const password = await readPassword(name);
      await callNode(target, 'POST', '/api/users', { id: name, password, role });
      process.stdout.write(`created user ${name} (${role}) on ${target.baseUrl}\n`);
      return 0;
    }
    return changePassword(target, name, offlineFor(target.config));
  });
}

async function changePassword(
  target: NodeTarget,
  name: string,
  offline: OfflineUsers,
): Promise<number> {
  // A named address means a running node; otherwise a stopped node's database is written.
  if (!target.explicitNode && (await offline.isStopped(target.dataDir))) {
    const where = await offline.setPassword(target.dataDir, name, () => readPassword(name));
    process.stdout.write(`password of ${name} changed in ${where} (the node is stopped)\n`);
    return 0;
  }
  // Fail before asking for a password the node will not take.
  await callNode(target, 'GET', `/api/users/${encodeURIComponent(name)}`).catch((err: unknown) => {
    if (err instanceof CliHttpError && err.status === 404) {
      throw new CliError(`user ${name} does not exist on ${target.baseUrl}`);
    }
    throw err;
  });
  const password = await readPassword(name);
  await callNode(target, 'PUT', `/api/users/${encodeURIComponent(name)}`, { password });
  process.stdout.write(`password of ${name} changed through ${target.baseUrl}\n`);
  return 0;
}
