import { observer } from 'mobx-react-lite';
import { useEffect, useState, type FormEvent } from 'react';
import type { Envelope } from '../../../core/api';
import { formatDate } from '../../format';
import { useStore } from '../../stores/RootStore';

/** What the desktop's main process answers to `desktop.connection` (electron/commandRouter.ts). */
type DesktopConnection =
  | { shell: 'desktop'; mode: 'local' }
  | { shell: 'desktop'; mode: 'server'; url: string; certificate?: string };

/** A server certificate the system refused, as main describes it (electron/serverCertificate.ts `CertificateInfo`). */
interface RefusedCertificate {
  host: string;
  fingerprint: string;
  /** Set when the server now shows another certificate than the one trusted. */
  pinned: string | null;
  subject: string;
  issuer: string;
  validTo: string | null;
  reason: string;
}

function refusedCertificate(env: Envelope): RefusedCertificate | null {
  if (env.ok) return null;
  const c = (env.error.details as { certificate?: RefusedCertificate } | undefined)?.certificate;
  return c && typeof c.fingerprint === 'string' ? c : null;
}

const FINGERPRINT_STYLE = { fontFamily: 'ui-monospace, Consolas, monospace', fontSize: 12, wordBreak: 'break-all' } as const;
// The refusal card: its parts spaced evenly, the labels wide enough for «Отпечаток SHA-256» on one line.
const DECISION_STYLE = { display: 'flex', flexDirection: 'column', gap: 10, margin: '8px 0' } as const;
const DECISION_TEXT_STYLE = { margin: 0 } as const;
const DECISION_KV_STYLE = { gridTemplateColumns: 'max-content 1fr', columnGap: 16 } as const;

/** The Electron bridge, when the page runs in the desktop app; the browser shell has none. */
function desktopBridge(): { invoke(name: string, input: unknown, session?: string): Promise<Envelope> } | null {
  return (window as unknown as { mcm?: { invoke(name: string, input: unknown, session?: string): Promise<Envelope> } }).mcm ?? null;
}

/** Подключение: where this desktop's data lives (local database or a shared server), and signing out everywhere. */
export const ConnectionPanel = observer(function ConnectionPanel() {
  const bridge = desktopBridge();
  return (
    <div className="page page-form" data-testid="connection-panel">
      {bridge ? <DesktopConnectionForm bridge={bridge} /> : <BrowserConnection />}
      <SignOutEverywhere />
    </div>
  );
});

function BrowserConnection() {
  return (
    <section className="card-section">
      <h3>Подключение</h3>
      <p>
        Браузер работает с сервером MCM, с которого открыта эта страница: <b data-testid="server-origin">{window.location.origin}</b>
      </p>
      <p className="hint">
        Выбор между локальной базой и сервером есть в настольном приложении MCM (Настройки → Подключение). Чтобы работать с другим
        сервером в браузере, откройте его адрес.
      </p>
    </section>
  );
}

function DesktopConnectionForm({ bridge }: { bridge: NonNullable<ReturnType<typeof desktopBridge>> }) {
  const [current, setCurrent] = useState<DesktopConnection | null>(null);
  const [mode, setMode] = useState<'local' | 'server'>('local');
  const [url, setUrl] = useState('');
  // The fingerprint of a certificate the user trusts for this address (saved with the connection).
  const [certificate, setCertificate] = useState<string | null>(null);
  // A certificate the last check was refused over: shown with its fingerprint so the user can decide.
  const [refused, setRefused] = useState<RefusedCertificate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void bridge.invoke('desktop.connection', {}).then((env) => {
      if (!env.ok) return setError(env.error.message);
      const c = env.data as DesktopConnection;
      setCurrent(c);
      setMode(c.mode);
      if (c.mode === 'server') {
        setUrl(c.url);
        setCertificate(c.certificate ?? null);
      }
    });
  }, [bridge]);

  const check = async (trusting = certificate) => {
    setBusy(true);
    setError(null);
    setChecked(null);
    setRefused(null);
    const env = await bridge.invoke('desktop.checkServer', trusting ? { url, certificate: trusting } : { url });
    setBusy(false);
    if (!env.ok) {
      const cert = refusedCertificate(env);
      return cert ? setRefused(cert) : setError(env.error.message);
    }
    const info = env.data as { appVersion: string; schemaVersion: number };
    setChecked(
      `Сервер отвечает: MCM ${info.appVersion}, схема базы ${info.schemaVersion}` + (trusting ? '. Сертификат доверен по отпечатку SHA-256.' : ''),
    );
  };

  // Trust exactly the certificate the check showed, then check again through it.
  const trust = (fingerprint: string) => {
    setCertificate(fingerprint);
    void check(fingerprint);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const env = await bridge.invoke('desktop.setConnection', mode === 'server' ? { mode, url, certificate } : { mode });
    if (!env.ok) {
      setBusy(false);
      return setError(env.error.message);
    }
    // Sessions belong to one store: after the switch the app starts over with the sign-in of the new place.
    window.location.reload();
  };

  if (!current && !error) return <p className="muted">Загрузка…</p>;
  const unchanged =
    current !== null &&
    mode === current.mode &&
    (mode === 'local' || (current.mode === 'server' && url === current.url && certificate === (current.certificate ?? null)));

  return (
    <form className="card-section" onSubmit={(e) => void save(e)} aria-label="Подключение">
      <h3>Подключение</h3>
      <p className="hint">Настройка этого компьютера: другие рабочие места она не меняет.</p>
      <div className="field" role="radiogroup" aria-label="Где хранятся данные">
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'local'} onChange={() => setMode('local')} />
          Локальная база — данные в файле на этом компьютере
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'server'} onChange={() => setMode('server')} />
          Сервер — общая база компании для всех рабочих мест
        </label>
      </div>
      {mode === 'server' && (
        <label className="field">
          <span>Адрес сервера</span>
          <input
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setChecked(null);
              // A trusted certificate belongs to one server: another address starts without it.
              setCertificate(null);
              setRefused(null);
            }}
            placeholder="https://mcm.company.ru:8443"
            autoComplete="off"
            aria-label="Адрес сервера"
          />
        </label>
      )}
      {mode === 'server' && certificate && !refused && (
        <div className="field" data-testid="trusted-certificate">
          <span>Доверенный сертификат сервера (SHA-256)</span>
          <div className="setting-input">
            <span style={FINGERPRINT_STYLE}>{certificate}</span>
            <button className="btn btn-link" type="button" onClick={() => setCertificate(null)}>
              Не доверять
            </button>
          </div>
        </div>
      )}
      {mode === 'server' && refused && <CertificateDecision cert={refused} busy={busy} onTrust={() => trust(refused.fingerprint)} />}
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {checked && <div className="banner banner-ok">{checked}</div>}
      <div className="actions">
        {mode === 'server' && (
          <button className="btn" type="button" disabled={busy || !url.trim()} onClick={() => void check()}>
            Проверить
          </button>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy || unchanged || (mode === 'server' && !url.trim())}>
          Сохранить и войти заново
        </button>
      </div>
    </form>
  );
}

/** The refused certificate with what to compare, and the choice to trust exactly it. */
function CertificateDecision({ cert, busy, onTrust }: { cert: RefusedCertificate; busy: boolean; onTrust: () => void }) {
  return (
    <div className="card card-warn" role="alert" data-testid="certificate-refused" style={DECISION_STYLE}>
      {cert.pinned ? (
        <p style={DECISION_TEXT_STYLE}>
          <b>Сертификат сервера {cert.host} изменился</b> и не совпадает с тем, которому вы доверяете. Возможно, соединение перехвачено:
          без проверки не доверяйте новому сертификату.
        </p>
      ) : (
        <p style={DECISION_TEXT_STYLE}>
          <b>Сертификат сервера {cert.host} не подтверждён системой:</b> {cert.reason}.
        </p>
      )}
      <dl className="kv" style={DECISION_KV_STYLE}>
        <dt>Отпечаток SHA-256</dt>
        <dd style={FINGERPRINT_STYLE} data-testid="certificate-fingerprint">
          {cert.fingerprint}
        </dd>
        {cert.pinned && (
          <>
            <dt>Доверенный</dt>
            <dd style={FINGERPRINT_STYLE}>{cert.pinned}</dd>
          </>
        )}
        {cert.subject && (
          <>
            <dt>Выдан для</dt>
            <dd>{cert.subject}</dd>
          </>
        )}
        {cert.issuer && (
          <>
            <dt>Издатель</dt>
            <dd>{cert.issuer}</dd>
          </>
        )}
        {cert.validTo && (
          <>
            <dt>Действует до</dt>
            <dd>{formatDate(cert.validTo)}</dd>
          </>
        )}
      </dl>
      <p className="hint">
        Сверьте отпечаток с администратором сервера (по телефону или лично, не по почте из этой же сети). Доверяйте, только если он
        совпадает: программа будет принимать ровно этот сертификат и откажется соединяться, если сервер покажет другой.
      </p>
      <div className="actions">
        <button className="btn" type="button" disabled={busy} onClick={onTrust}>
          Доверять этому сертификату
        </button>
      </div>
    </div>
  );
}

const SignOutEverywhere = observer(function SignOutEverywhere() {
  const { api, session } = useStore();
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    if (!window.confirm('Завершить все ваши сеансы на всех компьютерах и в браузерах, включая этот?')) return;
    try {
      await api.invoke('session.signOutEverywhere', {});
      await session.signOut();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <section className="card-section">
      <h3>Сеансы</h3>
      <p className="hint">Если вы вошли на чужом компьютере и забыли выйти, завершите все свои сеансы сразу.</p>
      {error && <div className="banner banner-error">{error}</div>}
      <div className="actions">
        <button className="btn" onClick={() => void run()}>
          Выйти на всех устройствах
        </button>
      </div>
    </section>
  );
});
