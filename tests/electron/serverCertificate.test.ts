// Trust on first use of a team server's certificate (Настройки → Подключение): the fingerprint users compare with the
// admin's, the decision the verify proc makes for Chromium, and the refusal forwarding reports in Russian.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../server/http';
import {
  ACCEPT,
  CertificateRefusal,
  certificateFingerprint,
  normalizeFingerprint,
  refusingFetch,
  ServerCertificateVerifier,
  serverSessions,
  USE_CHROMIUM,
  verifyServerCertificate,
  type VerifyRequest,
} from '../../electron/serverCertificate';
import { serverForwarder, type FetchLike } from '../../electron/serverForward';
import { tempDir, testCore } from '../helpers/core';

// Two self-signed certificates for CN=mcm.company.ru (public parts only), with the fingerprints
// `openssl x509 -noout -fingerprint -sha256` prints for them.
const CERT_A = `-----BEGIN CERTIFICATE-----
MIIBtDCCAVmgAwIBAgIUKTkMqLel4cDkQ+eTe0Ny+P96wpswCgYIKoZIzj0EAwIw
LjEXMBUGA1UEAwwObWNtLmNvbXBhbnkucnUxEzARBgNVBAoMCk1DTSB0ZXN0IGEw
IBcNMjYxMjAzMTkyNDQwWhgPMjEyNjExMDkxOTI0NDBaMC4xFzAVBgNVBAMMDm1j
bS5jb21wYW55LnJ1MRMwEQYDVQQKDApNQ00gdGVzdCBhMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEpipCMcLSXXosIXM7WO1i+5Dpag7atYlpqh5QDNOIoUhlFroo
srpQpFKe44rXqSBhKwhc4PAi2j/Ho8z8/FnEK6NTMFEwHQYDVR0OBBYEFEyhJk97
eOoJ+mYFi9Yo19hsqwuTMB8GA1UdIwQYMBaAFEyhJk97eOoJ+mYFi9Yo19hsqwuT
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAPb3n6jNTjNNvfcc
NsKV/GYbhtsCcUzU3soOoHKHJnFjAiEAumaEEAbCi423QcOM7D7A2WotkjH7M4fa
85Bu7xJA8ww=
-----END CERTIFICATE-----
`;
const FP_A = 'EC:99:5A:F4:83:14:4E:D8:F9:36:04:B6:76:E0:D0:97:48:EA:F1:D6:9D:AE:E6:B0:7C:6D:F6:83:9F:73:5F:28';
const CERT_B = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUBnr2D+pXBunNMGob6jnYS83LvLwwCgYIKoZIzj0EAwIw
LjEXMBUGA1UEAwwObWNtLmNvbXBhbnkucnUxEzARBgNVBAoMCk1DTSB0ZXN0IGIw
IBcNMjYxMjAzMTkyNDQwWhgPMjEyNjExMDkxOTI0NDBaMC4xFzAVBgNVBAMMDm1j
bS5jb21wYW55LnJ1MRMwEQYDVQQKDApNQ00gdGVzdCBiMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEdOYSlwH1QxDk0cr0569WkYi1g3IYfFkoEbaebtppMBaLouh5
v9azLSabeE+gHu1NbUUDFGEQzW/8N3wQjk6vh6NTMFEwHQYDVR0OBBYEFNcmVLZ/
JSjwfig1sfsX+7Pi4mHSMB8GA1UdIwQYMBaAFNcmVLZ/JSjwfig1sfsX+7Pi4mHS
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAOtpxYxj55YCMuEI
PYirSylRdxmZs1jHbOkQkldzTsIXAiAt5X3pF6cMHv7vP20e/MZU5qmCb92zmYVE
K3k/b6YjKg==
-----END CERTIFICATE-----
`;
const FP_B = 'D9:E0:95:D2:6C:E9:44:5E:91:A1:59:3A:82:A1:ED:50:83:6F:45:E3:D8:CF:3A:42:BB:07:37:28:16:2D:69:3D';

/** What Chromium asks the verify proc about a self-signed certificate (or one the system trusts). */
function request(pem: string, trusted = false, hostname = 'mcm.company.ru'): VerifyRequest {
  return {
    hostname,
    certificate: { data: pem, subjectName: 'mcm.company.ru', issuerName: 'mcm.company.ru', validExpiry: Date.parse('2126-11-09T19:24:40Z') / 1000 },
    errorCode: trusted ? 0 : -202,
    verificationResult: trusted ? 'OK' : 'net::ERR_CERT_AUTHORITY_INVALID',
  };
}

describe('certificate fingerprints', () => {
  it('are SHA-256 of the certificate exactly as openssl prints them', () => {
    expect(certificateFingerprint(CERT_A)).toBe(FP_A);
    expect(certificateFingerprint(CERT_B)).toBe(FP_B);
    expect(certificateFingerprint('not a certificate')).toBeNull();
  });

  it('are accepted as users paste them and normalised, and anything else is refused', () => {
    expect(normalizeFingerprint(FP_A.toLowerCase().replaceAll(':', ''))).toBe(FP_A);
    expect(normalizeFingerprint(`sha256 Fingerprint=${FP_A}`)).toBe(FP_A);
    expect(normalizeFingerprint(` ${FP_A.replaceAll(':', ' ')} `)).toBe(FP_A);
    expect(normalizeFingerprint(FP_A.slice(3))).toBeNull();
    expect(normalizeFingerprint(FP_A.replace('EC', 'XY'))).toBeNull();
  });
});

describe('verifyServerCertificate', () => {
  it('accepts exactly the pinned certificate when the system does not trust it', () => {
    expect(verifyServerCertificate(request(CERT_A), FP_A)).toEqual({ accept: 'pinned' });
  });

  it('refuses another certificate than the pinned one, naming both fingerprints', () => {
    const v = verifyServerCertificate(request(CERT_B), FP_A);
    if (!('refuse' in v)) throw new Error('accepted');
    expect(v.refuse.info).toMatchObject({ host: 'mcm.company.ru', fingerprint: FP_B, pinned: FP_A });
    expect(v.refuse.message).toBe(
      `Сертификат сервера mcm.company.ru не совпадает с тем, которому вы доверяете: возможно, соединение перехвачено. Отпечаток SHA-256 сейчас ${FP_B}, доверенный ${FP_A}. Соединение запрещено. Если администратор сервера заменил сертификат, сверьте с ним новый отпечаток и доверьтесь ему в Настройки → Подключение.`,
    );
  });

  it('refuses an untrusted certificate without a pin, with its fingerprint and the reason in words', () => {
    const v = verifyServerCertificate(request(CERT_A), null);
    if (!('refuse' in v)) throw new Error('accepted');
    expect(v.refuse.info).toEqual({
      host: 'mcm.company.ru',
      fingerprint: FP_A,
      pinned: null,
      subject: 'mcm.company.ru',
      issuer: 'mcm.company.ru',
      validTo: '2126-11-09',
      reason: 'сертификат выдан неизвестным издателем (например, самоподписанный)',
    });
    expect(v.refuse.message).toContain(`Отпечаток SHA-256: ${FP_A}`);
    expect(v.refuse.message).toContain('«Доверять этому сертификату»');
  });

  it('still accepts what the system trusts, with or without a pin', () => {
    expect(verifyServerCertificate(request(CERT_B, true), null)).toEqual({ accept: 'system' });
    // The admin replaced the self-signed certificate with one from the company CA: the system vouches for it.
    expect(verifyServerCertificate(request(CERT_B, true), FP_A)).toEqual({ accept: 'system' });
  });
});

describe('the verify proc of a server session', () => {
  it('turns only the pinned certificate into acceptance and keeps Chromium\'s verdict otherwise', () => {
    const verifier = new ServerCertificateVerifier('mcm.company.ru', FP_A);
    const verdict = (req: VerifyRequest) => {
      const cb = vi.fn();
      verifier.proc(req, cb);
      return cb.mock.calls[0]![0] as number;
    };
    expect(verdict(request(CERT_A))).toBe(ACCEPT);
    expect(verifier.lastRefusal()).toBeNull();
    expect(verdict(request(CERT_B))).toBe(USE_CHROMIUM);
    expect(verifier.lastRefusal()?.info).toMatchObject({ fingerprint: FP_B, pinned: FP_A });
    // A certificate of another host (a redirect, a proxy's page) is none of the pin's business.
    expect(verdict(request(CERT_A, false, 'evil.example.com'))).toBe(USE_CHROMIUM);
    expect(verdict(request(CERT_B, true))).toBe(USE_CHROMIUM);
    expect(verifier.lastRefusal()).toBeNull();
  });

  it('gets one in-memory session per server and trusted fingerprint, so a new trust is not hidden by a cached refusal', () => {
    const opened: string[] = [];
    const sessions = serverSessions((partition) => {
      opened.push(partition);
      return { setCertificateVerifyProc: vi.fn() };
    });
    const a = sessions('https://mcm.company.ru:8443/mcm', null);
    expect(sessions('https://mcm.company.ru/', null)).toBe(a);
    const pinned = sessions('https://mcm.company.ru:8443', FP_A);
    expect(pinned).not.toBe(a);
    expect(pinned.session.setCertificateVerifyProc).toHaveBeenCalledWith(pinned.verifier.proc);
    expect(opened).toEqual(['mcm-server:mcm.company.ru:system', `mcm-server:mcm.company.ru:${FP_A}`]);
    expect(opened.some((p) => p.startsWith('persist:'))).toBe(false);
  });
});

describe('refusingFetch', () => {
  const refusedVerifier = () => {
    const v = new ServerCertificateVerifier('mcm.company.ru', FP_A);
    v.proc(request(CERT_B), () => undefined);
    return v;
  };

  it('reports a request that failed over a refused certificate as that refusal', async () => {
    const f = refusingFetch(async (_url: string) => Promise.reject(new Error('net::ERR_CERT_AUTHORITY_INVALID')), refusedVerifier());
    await expect(f('https://mcm.company.ru/api/session.info')).rejects.toBeInstanceOf(CertificateRefusal);
  });

  it('leaves other failures alone: no refusal, an unreachable server, a timeout', async () => {
    const fail = (e: Error) => async (_url: string) => Promise.reject(e);
    const plain = new ServerCertificateVerifier('mcm.company.ru', null);
    await expect(refusingFetch(fail(new TypeError('fetch failed')), plain)('u')).rejects.toThrow('fetch failed');
    await expect(refusingFetch(fail(new Error('net::ERR_CONNECTION_REFUSED')), refusedVerifier())('u')).rejects.toThrow('ERR_CONNECTION_REFUSED');
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    await expect(refusingFetch(fail(timeout), refusedVerifier())('u')).rejects.toBe(timeout);
    expect(await refusingFetch(async (url: string) => `ok ${url}`, refusedVerifier())('u')).toBe('ok u');
  });

  it('becomes a Russian envelope with the certificate for the connection panel when forwarding', async () => {
    const verifier = refusedVerifier();
    const fetch = refusingFetch<Parameters<FetchLike>, Awaited<ReturnType<FetchLike>>>(async () => Promise.reject(new Error('net::ERR_CERT_AUTHORITY_INVALID')), verifier);
    const env = await serverForwarder({ url: 'https://mcm.company.ru', fetch })('contracts.list', {}, 'tok');
    expect(env).toEqual({
      ok: false,
      error: { code: 'forbidden', message: verifier.lastRefusal()!.message, details: { certificate: verifier.lastRefusal()!.info } },
    });
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A stand-in for Chromium's network stack in a session with a verify proc: Node's TLS verifies the chain against the
 * system's CAs, then the proc decides (0 accepts, -3 keeps the system's verdict), as Electron's does.
 */
function chromiumLikeFetch(hostname: string, verifier: ServerCertificateVerifier): FetchLike {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = https.request(url, { method: init.method, headers: init.headers, rejectUnauthorized: false, signal: init.signal });
      req.on('socket', (socket) => {
        (socket as TLSSocket).once('secureConnect', () => {
          const tls = socket as TLSSocket;
          const pem = tls.getPeerX509Certificate()!.toString();
          const trusted = tls.authorized;
          verifier.proc(
            { hostname, certificate: { data: pem }, errorCode: trusted ? 0 : -202, verificationResult: trusted ? 'OK' : 'net::ERR_CERT_AUTHORITY_INVALID' },
            (result) => {
              if (result === 0 || (result === -3 && trusted)) return;
              req.destroy(new Error('net::ERR_CERT_AUTHORITY_INVALID'));
            },
          );
        });
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: async () => JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      req.on('error', reject);
      req.end(init.body);
    });
}

describe('forwarding to a team server with a self-signed certificate', () => {
  it.skipIf(!hasOpenssl())('refuses it until trusted, then accepts exactly it and refuses a replaced one', async () => {
    const dir = tempDir();
    const make = (name: string) => {
      const key = path.join(dir, `${name}.key`);
      const cert = path.join(dir, `${name}.pem`);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
      return { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') };
    };
    const real = make('real');
    const impostor = make('impostor');
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MCM</title>');
    const t = testCore([{ login: 'anna', roles: ['admin'] }]);
    server = await startServer({ core: t.core, staticDir, team: { host: '127.0.0.1', tls: real } });
    const url = `https://127.0.0.1:${server.port}`;
    const sessions = serverSessions(() => ({ setCertificateVerifyProc: () => undefined }));
    const forward = (pin: string | null) => {
      const { verifier } = sessions(url, pin);
      return serverForwarder({ url, fetch: refusingFetch(chromiumLikeFetch('127.0.0.1', verifier), verifier) });
    };

    // First contact: refused, with the fingerprint the user compares with the admin's.
    const first = await forward(null)('session.info', {}, undefined);
    const fp = certificateFingerprint(real.cert)!;
    expect(first).toMatchObject({ ok: false, error: { code: 'forbidden', details: { certificate: { fingerprint: fp, pinned: null } } } });
    // Trusted: the same server answers.
    expect(await forward(fp)('session.info', {}, undefined)).toMatchObject({ ok: true, data: { hasUsers: true } });

    // Someone else answers at that address with another certificate: refused with the clear message.
    await server.close();
    server = await startServer({ core: t.core, staticDir, team: { host: '127.0.0.1', tls: impostor } });
    const moved = `https://127.0.0.1:${server.port}`;
    const { verifier } = sessions(moved, fp);
    const refused = await serverForwarder({ url: moved, fetch: refusingFetch(chromiumLikeFetch('127.0.0.1', verifier), verifier) })('session.info', {}, undefined);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('не совпадает с тем, которому вы доверяете'), details: { certificate: { pinned: fp } } },
    });
  }, 30_000);
});
