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

/**
 * Lines typed at the terminal, not echoed: raw mode from before the first prompt until the
 * last answer, and keys typed ahead of a prompt are kept for it.
 */
async function promptHidden(prompts: readonly string[]): Promise<string[]> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  const answers: string[] = [];
  let typed = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const ask = (): void => {
        const prompt = prompts[answers.length];
        if (prompt === undefined) {
          stdin.off('data', onData);
          resolve();
        } else {
          process.stderr.write(prompt);
        }
      };
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (answers.length === prompts.length) return;
          if (ch === CTRL_C) {
            stdin.off('data', onData);
            process.stderr.write('\n');
            reject(new CliError('cancelled'));
            return;
          }
          if (ENTER.has(ch) || ch === CTRL_D) {
            answers.push(typed);
            typed = '';
            process.stderr.write('\n');
            ask();
          } else if (BACKSPACE.has(ch)) {
            typed = typed.slice(0, -1);
          } else {
            typed += ch;
          }
        }
      };
      stdin.on('data', onData);
      ask();
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
  return answers;
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
      const [first = '', again = ''] = await promptHidden([
        `new password for ${user}: `,
        'again: ',
      ]);
      if (first !== again) throw new CliError('the two passwords differ; nothing changed');
      password = first;
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
