import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkServerUrl, parseConnection, readConnection, writeConnection } from '../../electron/connection';
import { tempDir } from '../helpers/core';

describe('server address', () => {
  it.each([
    ['https://mcm.company.ru:8443/', 'https://mcm.company.ru:8443'],
    ['  https://mcm.company.ru/mcm/  ', 'https://mcm.company.ru/mcm'],
    ['http://127.0.0.1:4180', 'http://127.0.0.1:4180'],
    ['http://localhost:4180/#token=abc', 'http://localhost:4180#token=abc'],
  ])('accepts %s', (text, url) => {
    expect(checkServerUrl(text)).toEqual({ ok: true, url });
  });

  it.each([
    ['mcm.company.ru', 'Неверный адрес сервера'],
    ['ftp://mcm.company.ru', 'https://'],
    ['http://mcm.company.ru:8080', 'Без шифрования'],
    ['http://10.0.0.5:8080', 'Без шифрования'],
    ['https://user:pass@mcm.company.ru', 'логин и пароль'],
    ['https://mcm.company.ru/?x=1', 'параметров'],
  ])('refuses %s with a reason', (text, reason) => {
    const r = checkServerUrl(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});

describe('connection file', () => {
  it('defaults to the local database when missing or damaged, and round-trips a server choice', () => {
    const dir = tempDir();
    expect(readConnection(dir)).toEqual({ mode: 'local' });
    fs.writeFileSync(path.join(dir, 'connection.json'), '{"mode":"server","url":');
    expect(readConnection(dir)).toEqual({ mode: 'local' });
    fs.writeFileSync(path.join(dir, 'connection.json'), '{"mode":"server","url":"http://evil.example.com"}');
    expect(readConnection(dir)).toEqual({ mode: 'local' });
    writeConnection(dir, { mode: 'server', url: 'https://mcm.company.ru' });
    expect(readConnection(dir)).toEqual({ mode: 'server', url: 'https://mcm.company.ru' });
    expect(fs.readdirSync(dir)).toEqual(['connection.json']);
  });

  it('parses what the settings panel sends', () => {
    expect(parseConnection({ mode: 'local', url: 'ignored' })).toEqual({ ok: true, connection: { mode: 'local' } });
    expect(parseConnection({ mode: 'server', url: 'https://mcm.company.ru/' })).toEqual({ ok: true, connection: { mode: 'server', url: 'https://mcm.company.ru' } });
    expect(parseConnection({ mode: 'cloud' })).toEqual({ ok: false, reason: 'Неверные настройки подключения' });
  });

  it('keeps a trusted certificate\'s fingerprint with a server address, normalised, and only for https', () => {
    const FP = 'EC:99:5A:F4:83:14:4E:D8:F9:36:04:B6:76:E0:D0:97:48:EA:F1:D6:9D:AE:E6:B0:7C:6D:F6:83:9F:73:5F:28';
    const url = 'https://mcm.company.ru:8443';
    expect(parseConnection({ mode: 'server', url, certificate: FP.replaceAll(':', '').toLowerCase() })).toEqual({
      ok: true,
      connection: { mode: 'server', url, certificate: FP },
    });
    expect(parseConnection({ mode: 'server', url, certificate: null })).toEqual({ ok: true, connection: { mode: 'server', url } });
    expect(parseConnection({ mode: 'server', url, certificate: 'AB:CD' })).toMatchObject({ ok: false, reason: expect.stringContaining('Неверный отпечаток') });
    expect(parseConnection({ mode: 'server', url: 'http://127.0.0.1:4180', certificate: FP })).toMatchObject({ ok: false, reason: expect.stringContaining('только для адреса https://') });

    const dir = tempDir();
    writeConnection(dir, { mode: 'server', url, certificate: FP });
    expect(readConnection(dir)).toEqual({ mode: 'server', url, certificate: FP });
  });
});
