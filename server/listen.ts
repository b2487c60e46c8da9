// Where the server may listen: a loopback address always; anything else only with TLS, since passwords and session
// tokens would otherwise cross the network in clear text.
import * as net from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

/** A listen address the server refuses, with a Russian message for the person starting it. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** Parses `HOST:PORT` (`[::1]:8443` for IPv6). */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) {
    throw new ListenError(`Неверный адрес «${text}»: укажите ХОСТ:ПОРТ, например 127.0.0.1:8080 или 0.0.0.0:8443`);
  }
  return { host: m[1] ?? m[2], port };
}

/** True for addresses only this computer can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return net.isIPv4(host) && host.startsWith('127.');
}

/** Refuses a non-loopback address without TLS. */
export function checkListen(addr: ListenAddress, tls: boolean): void {
  if (!tls && !isLoopback(addr.host)) {
    throw new ListenError(
      `Без TLS сервер слушает только этот компьютер (127.0.0.1, localhost, ::1), а не «${addr.host}»: ` +
        'пароли и ключи сессий передавались бы по сети открытым текстом. Укажите --tls-cert ФАЙЛ и --tls-key ФАЙЛ.',
    );
  }
}
