/**
 * Reading a password for `lns user add|passwd`: from LNS_USER_PASSWORD, from a terminal
 * prompt that does not echo what is typed (asked twice), or from the first line of standard
 * input. Never from the command line, where `ps` and shell history would keep it.
 */
import { CliError } from './node-api.js';

/** What POST /api/users requires of a new password. */
export const MIN_PASSWORD_LENGTH = 8;

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_C = '\x03';
const CTRL_D = '\x04';

/** One line typed at the terminal, not echoed. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: () => void): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      result();
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === CTRL_C) return finish(() => reject(new CliError('cancelled')));
        if (ENTER.has(ch) || ch === CTRL_D) return finish(() => resolve(typed));
        if (BACKSPACE.has(ch)) typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]?.replace(/\r$/, '') ?? '';
}

/**
 * The password for `user`; throws CliError when none is given, it is too short, or the two
 * entries at a terminal differ.
 */
export async function readPassword(user: string): Promise<string> {
  let password = process.env.LNS_USER_PASSWORD;
  if (password === undefined || password === '') {
    if (process.stdin.isTTY) {
      password = await promptHidden(`new password for ${user}: `);
      if (password !== '' && (await promptHidden('again: ')) !== password) {
        throw new CliError('the two passwords differ; nothing changed');
      }
    } else {
      password = await firstLineOfStdin();
    }
  }
  if (password === '') {
    throw new CliError('no password given (LNS_USER_PASSWORD, a terminal, or standard input)');
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return password;
}
