/**
 * `lns user add <name> [--role admin|viewer]`: creates a user through the local node's API.
 * The password comes from LNS_USER_PASSWORD or the first line of standard input, never from
 * the command line (where `ps` and shell history would keep it).
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config/index.js';
import { CliError, callLocalNode } from './local-api.js';

const usage = `usage: lns user add <name> [--role admin|viewer] [--config path]
  the password is read from LNS_USER_PASSWORD or from the first line of standard input
`;

async function readPassword(): Promise<string> {
  const fromEnv = process.env.LNS_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stdout.write('password: ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]?.trim() ?? '';
}

export async function runUserCommand(args: readonly string[], config: Config): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { role: { type: 'string', default: 'admin' }, config: { type: 'string' } },
    });
  } catch (err) {
    process.stderr.write(`lns user: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  const [command, name] = parsed.positionals;
  if (command !== 'add' || !name) {
    process.stderr.write(usage);
    return 2;
  }
  const role = parsed.values.role;
  if (role !== 'admin' && role !== 'viewer') {
    process.stderr.write(`lns user: --role must be admin or viewer\n`);
    return 2;
  }
  try {
    const password = await readPassword();
    if (!password) throw new CliError('no password given (LNS_USER_PASSWORD or standard input)');
    await callLocalNode(config, 'POST', '/api/users', { id: name, password, role });
    process.stdout.write(`created user ${name} (${role})\n`);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`lns user: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
