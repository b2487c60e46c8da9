// Where this desktop's commands go: the local database (default) or a shared MCM server. Per desktop, so it lives
// in a JSON file in Electron's userData folder, never in the shared database. No electron imports: unit-tested.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { normalizeFingerprint } from './serverCertificate';

/**
 * The desktop's connection choice. `certificate`: the SHA-256 fingerprint of a server certificate the system does
 * not trust but the user does (electron/serverCertificate.ts); absent when the system's trust is enough.
 */
export type Connection = { mode: 'local' } | { mode: 'server'; url: string; certificate?: string };

export const LOCAL: Connection = { mode: 'local' };

const FILE_NAME = 'connection.json';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks a server address typed by a user and returns it normalised (no trailing slash), or a Russian reason.
 * Plain http is allowed only to this computer: passwords and session tokens never cross a network unencrypted.
 */
export function checkServerUrl(text: string): { ok: true; url: string } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return { ok: false, reason: 'Неверный адрес сервера: ожидается вида https://mcm.company.ru:8443' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, reason: 'Адрес сервера должен начинаться с https://' };
  if (u.username || u.password) return { ok: false, reason: 'Адрес сервера не должен содержать логин и пароль' };
  if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname)) {
    return { ok: false, reason: 'Без шифрования (http://) можно подключаться только к этому компьютеру; укажите адрес https://' };
  }
  if (u.search) return { ok: false, reason: 'Адрес сервера не должен содержать параметров (?…)' };
  // The hash may carry a local browser shell's launch token (#token=…); it is kept for the forwarder.
  return { ok: true, url: u.origin + u.pathname.replace(/\/+$/, '') + u.hash };
}

const fileSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('local') }),
  z.object({ mode: z.literal('server'), url: z.string().max(2000), certificate: z.string().max(200).nullish() }),
]);

/** Checks a fingerprint the user chose to trust for a server address; undefined when none. */
export function checkCertificatePin(
  url: string,
  certificate: string | null | undefined,
): { ok: true; certificate: string | undefined } | { ok: false; reason: string } {
  if (!certificate) return { ok: true, certificate: undefined };
  if (!url.startsWith('https:')) return { ok: false, reason: 'Доверять сертификату можно только для адреса https://' };
  const fingerprint = normalizeFingerprint(certificate);
  if (!fingerprint) return { ok: false, reason: 'Неверный отпечаток сертификата: ожидается SHA-256, 32 байта вида AB:CD:…' };
  return { ok: true, certificate: fingerprint };
}

/** Parses what a renderer (or the file) offers as a connection; null when malformed or the address is refused. */
export function parseConnection(value: unknown): { ok: true; connection: Connection } | { ok: false; reason: string } {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'Неверные настройки подключения' };
  if (parsed.data.mode === 'local') return { ok: true, connection: LOCAL };
  const url = checkServerUrl(parsed.data.url);
  if (!url.ok) return url;
  const pin = checkCertificatePin(url.url, parsed.data.certificate);
  if (!pin.ok) return pin;
  return { ok: true, connection: { mode: 'server', url: url.url, ...(pin.certificate ? { certificate: pin.certificate } : {}) } };
}

/** Reads the desktop's connection; a missing or damaged file means the local database. */
export function readConnection(userDataDir: string): Connection {
  try {
    const parsed = parseConnection(JSON.parse(fs.readFileSync(path.join(userDataDir, FILE_NAME), 'utf8')));
    return parsed.ok ? parsed.connection : LOCAL;
  } catch {
    return LOCAL;
  }
}

/** Saves the desktop's connection atomically (a half-written file would silently fall back to local). */
export function writeConnection(userDataDir: string, c: Connection): void {
  fs.mkdirSync(userDataDir, { recursive: true });
  const file = path.join(userDataDir, FILE_NAME);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(c, null, 2) + '\n', 'utf8');
  fs.renameSync(`${file}.tmp`, file);
}
