// Trust on first use for a team server whose certificate this computer's system does not trust (self-signed, or a
// company CA not installed here). The user compares the certificate's SHA-256 fingerprint with the server's admin and
// trusts exactly that certificate; forwarding then accepts it and refuses any other one the system does not trust.
// Chromium still verifies every connection first: a pin only ever turns its refusal of that one certificate into
// acceptance. No electron imports (the Electron parts are typed structurally): unit-tested.
import { X509Certificate } from 'node:crypto';

/** Chromium's verdicts for `session.setCertificateVerifyProc`: accept, or keep Chromium's own result. */
export const ACCEPT = 0;
export const USE_CHROMIUM = -3;

/** The part of Electron's certificate verify request the decision needs. */
export interface VerifyRequest {
  hostname: string;
  /** The certificate the server presented; `data` is PEM. */
  certificate: { data: string; subjectName?: string; issuerName?: string; validExpiry?: number };
  /** 0 when the system trusts the chain; else a net error such as -202 (ERR_CERT_AUTHORITY_INVALID). */
  errorCode: number;
  /** `OK` or Chromium's error name, e.g. `net::ERR_CERT_AUTHORITY_INVALID`. */
  verificationResult: string;
}

/** A refused server certificate as the connection panel shows it. */
export interface CertificateInfo {
  host: string;
  /** SHA-256 fingerprint of the presented certificate, `AB:CD:…`. */
  fingerprint: string;
  /** The fingerprint the user trusts for this server, when the presented one differs from it. */
  pinned: string | null;
  subject: string;
  issuer: string;
  /** Last day of validity, `YYYY-MM-DD`, when known. */
  validTo: string | null;
  /** Why the system refused it, in Russian. */
  reason: string;
}

/**
 * Normalises a SHA-256 fingerprint as openssl and browsers print it (`AB:CD:…`, 32 bytes); null when it is not one.
 * Accepts any letter case, with or without colons or spaces, and a `sha256 Fingerprint=` prefix.
 */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/^\s*sha-?256\s*(fingerprint)?\s*[=:]?/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** The SHA-256 fingerprint of a PEM certificate (of its DER bytes), `AB:CD:…`; null when the PEM does not parse. */
export function certificateFingerprint(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

// The refusals a user meets with self-signed certificates, in words; anything else is shown by its code.
const REASONS: Record<string, string> = {
  'net::ERR_CERT_AUTHORITY_INVALID': 'сертификат выдан неизвестным издателем (например, самоподписанный)',
  'net::ERR_CERT_COMMON_NAME_INVALID': 'сертификат выдан на другое имя сервера',
  'net::ERR_CERT_DATE_INVALID': 'срок действия сертификата истёк или ещё не начался',
  'net::ERR_CERT_INVALID': 'сертификат повреждён или неверен',
  'net::ERR_CERT_REVOKED': 'сертификат отозван',
  'net::ERR_CERT_WEAK_KEY': 'у сертификата слишком слабый ключ',
};

function reasonText(verificationResult: string): string {
  return REASONS[verificationResult] ?? `система не доверяет сертификату (${verificationResult})`;
}

/** A request the verifier refused to send to the server: carries what the user needs to decide about trust. */
export class CertificateRefusal extends Error {
  constructor(readonly info: CertificateInfo) {
    super(
      info.pinned
        ? `Сертификат сервера ${info.host} не совпадает с тем, которому вы доверяете: возможно, соединение перехвачено. ` +
            `Отпечаток SHA-256 сейчас ${info.fingerprint}, доверенный ${info.pinned}. Соединение запрещено. ` +
            'Если администратор сервера заменил сертификат, сверьте с ним новый отпечаток и доверьтесь ему в Настройки → Подключение.'
        : `Сертификат сервера ${info.host} не подтверждён системой: ${info.reason}. Отпечаток SHA-256: ${info.fingerprint}. ` +
            'Сверьте отпечаток с администратором сервера и нажмите «Доверять этому сертификату» в Настройки → Подключение.',
    );
    this.name = 'CertificateRefusal';
  }
}

/** The decision about one server certificate. */
export type CertificateVerdict = { accept: 'system' | 'pinned' } | { refuse: CertificateRefusal };

/**
 * Decides about a certificate the server `host` presented: what the system trusts is accepted as before; otherwise
 * only exactly the pinned certificate (SHA-256 of its bytes) is, and any other is refused with the reason.
 */
export function verifyServerCertificate(req: VerifyRequest, pinned: string | null): CertificateVerdict {
  if (req.errorCode === 0) return { accept: 'system' };
  const fingerprint = certificateFingerprint(req.certificate.data);
  if (fingerprint && pinned && fingerprint === pinned) return { accept: 'pinned' };
  const expiry = req.certificate.validExpiry;
  return {
    refuse: new CertificateRefusal({
      host: req.hostname,
      fingerprint: fingerprint ?? 'неизвестен (сертификат не читается)',
      pinned: pinned && fingerprint !== pinned ? pinned : null,
      subject: req.certificate.subjectName ?? '',
      issuer: req.certificate.issuerName ?? '',
      validTo: typeof expiry === 'number' && expiry > 0 ? new Date(expiry * 1000).toISOString().slice(0, 10) : null,
      reason: reasonText(req.verificationResult),
    }),
  };
}

const bare = (host: string): string => host.replace(/^\[|\]$/g, '').toLowerCase();

/** The certificate verify proc of one server's network session, remembering its last refusal for the error message. */
export class ServerCertificateVerifier {
  private refusal: CertificateRefusal | null = null;

  constructor(
    private readonly host: string,
    private readonly pinned: string | null,
  ) {}

  /** For `session.setCertificateVerifyProc`; other hosts keep Chromium's verdict. */
  readonly proc = (req: VerifyRequest, callback: (result: number) => void): void => {
    if (bare(req.hostname) !== bare(this.host)) return callback(USE_CHROMIUM);
    const verdict = verifyServerCertificate(req, this.pinned);
    if ('accept' in verdict) {
      this.refusal = null;
      // A pin accepts the certificate Chromium refused; otherwise its own (positive) verdict stands.
      return callback(verdict.accept === 'pinned' ? ACCEPT : USE_CHROMIUM);
    }
    this.refusal = verdict.refuse;
    callback(USE_CHROMIUM);
  };

  /** The last refusal, if the server's latest certificate was refused (Chromium caches verdicts, so it stays). */
  lastRefusal(): CertificateRefusal | null {
    return this.refusal;
  }
}

// Failures that say the server could not be reached at all; a remembered certificate refusal does not explain them.
const UNREACHABLE = /ERR_(NAME_NOT_RESOLVED|CONNECTION_\w+|ADDRESS_\w+|INTERNET_DISCONNECTED|NETWORK_\w+|TIMED_OUT|PROXY_\w+|TUNNEL_CONNECTION_FAILED)/;

/** Wraps a fetch of the server's session: a request that failed over a refused certificate rejects with the refusal. */
export function refusingFetch<A extends unknown[], R>(fetch: (...args: A) => Promise<R>, verifier: ServerCertificateVerifier): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fetch(...args);
    } catch (e) {
      const refusal = verifier.lastRefusal();
      const name = (e as { name?: unknown } | null)?.name;
      const message = String((e as { message?: unknown } | null)?.message ?? e);
      if (!refusal || name === 'AbortError' || name === 'TimeoutError' || UNREACHABLE.test(message)) throw e;
      throw refusal;
    }
  };
}

/** What a network session offers the verifier: Electron's `Session` fits. */
export interface VerifyingSession {
  setCertificateVerifyProc(proc: (req: VerifyRequest, callback: (result: number) => void) => void): void;
}

/**
 * Returns the network session to talk to a server with, given the fingerprint the user trusts for it (or null).
 * Chromium caches each session's verdicts and a new verify proc does not clear them (electron/electron#41448), so
 * every (host, pin) gets its own in-memory session: trusting a certificate takes effect at once.
 */
export function serverSessions<S extends VerifyingSession>(
  open: (partition: string) => S,
): (url: string, pinned: string | null) => { session: S; verifier: ServerCertificateVerifier } {
  const made = new Map<string, { session: S; verifier: ServerCertificateVerifier }>();
  return (url, pinned) => {
    const host = new URL(url).hostname;
    // No `persist:` prefix: nothing of these sessions is written to disk.
    const partition = `mcm-server:${bare(host)}:${pinned ?? 'system'}`;
    let entry = made.get(partition);
    if (!entry) {
      const verifier = new ServerCertificateVerifier(host, pinned);
      const session = open(partition);
      session.setCertificateVerifyProc(verifier.proc);
      entry = { session, verifier };
      made.set(partition, entry);
    }
    return entry;
  };
}
