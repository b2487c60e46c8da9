import { observer } from 'mobx-react-lite';
import { useEffect, useState, type FormEvent } from 'react';
import type { Envelope } from '../../../core/api';
import { useStore } from '../../stores/RootStore';

/** What the desktop's main process answers to `desktop.connection` (electron/commandRouter.ts). */
type DesktopConnection = { shell: 'desktop'; mode: 'local' } | { shell: 'desktop'; mode: 'server'; url: string };

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
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void bridge.invoke('desktop.connection', {}).then((env) => {
      if (!env.ok) return setError(env.error.message);
      const c = env.data as DesktopConnection;
      setCurrent(c);
      setMode(c.mode);
      if (c.mode === 'server') setUrl(c.url);
    });
  }, [bridge]);

  const check = async () => {
    setBusy(true);
    setError(null);
    setChecked(null);
    const env = await bridge.invoke('desktop.checkServer', { url });
    setBusy(false);
    if (!env.ok) return setError(env.error.message);
    const info = env.data as { appVersion: string; schemaVersion: number };
    setChecked(`Сервер отвечает: MCM ${info.appVersion}, схема базы ${info.schemaVersion}`);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const env = await bridge.invoke('desktop.setConnection', mode === 'server' ? { mode, url } : { mode });
    if (!env.ok) {
      setBusy(false);
      return setError(env.error.message);
    }
    // Sessions belong to one store: after the switch the app starts over with the sign-in of the new place.
    window.location.reload();
  };

  if (!current && !error) return <p className="muted">Загрузка…</p>;
  const unchanged = current !== null && mode === current.mode && (mode === 'local' || (current.mode === 'server' && url === current.url));

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
            }}
            placeholder="https://mcm.company.ru:8443"
            autoComplete="off"
            aria-label="Адрес сервера"
          />
        </label>
      )}
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
