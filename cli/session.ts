import type { Core, Envelope } from '../core/index';

export class CliError extends Error {}

/** Unwraps an envelope or throws its Russian message for the user. */
export function unwrap<T>(env: Envelope): T {
  if (!env.ok) throw new CliError(env.error.message);
  return env.data as T;
}

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n' || ch === '\u0004') {
        stdin.setRawMode?.(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stderr.write('\n');
        resolve(value);
      } else if (ch === '\u0003') {
        process.exit(130);
      } else if (ch === '\u007f') value = value.slice(0, -1);
      else value += ch;
    };
    stdin.on('data', onData);
  });
}

/** Signs in for one CLI run with MCM_PASSWORD or a hidden prompt. */
export async function signIn(core: Core, user: string): Promise<string> {
  let password = process.env.MCM_PASSWORD;
  if (password === undefined) {
    if (!process.stdin.isTTY) throw new CliError('Задайте пароль в переменной MCM_PASSWORD (нет терминала для ввода)');
    password = await readHidden(`Пароль для ${user}: `);
  }
  const data = unwrap<{ token: string }>(await core.invoke('session.signIn', { login: user, password }));
  return data.token;
}
