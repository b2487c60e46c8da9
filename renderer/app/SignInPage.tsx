import { observer } from 'mobx-react-lite';
import { useEffect, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/messages';
import { useStore } from '../stores/RootStore';

/** Sign-in, or the first-run offer to load demo data when the database has no users. */
export const SignInPage = observer(function SignInPage() {
  const { session, ui } = useStore();
  const t = ui.t;
  const [login, setLogin] = useState(session.info?.osUser ?? '');
  const [password, setPassword] = useState('');
  useEffect(() => {
    if (session.info?.osUser && !login) setLogin(session.info.osUser);
  }, [session.info?.osUser, login]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void session.signIn(login, password);
  };

  const firstRun = session.info && !session.info.hasUsers;
  return (
    <div className="signin-screen">
      <div className="signin-card">
        <div className="brand-big">
          <span className="brand-mark">M</span>
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-sub">{t('app.subtitle')}</div>
          </div>
        </div>
        {firstRun ? (
          <div className="first-run">
            <h1>{t('firstRun.title')}</h1>
            <p>{t('firstRun.text')}</p>
            <button className="btn btn-primary" disabled={session.busy} onClick={() => void session.loadDemo()}>
              {session.busy ? t('firstRun.loading') : t('firstRun.load')}
            </button>
          </div>
        ) : (
          <form onSubmit={submit} aria-label={t('signIn.title')}>
            <h1>{t('signIn.title')}</h1>
            {session.notice && <div className="banner banner-ok">{t(session.notice as MessageKey)}</div>}
            <label className="field">
              <span>{t('signIn.login')}</span>
              <input name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} autoFocus={!login} />
            </label>
            <label className="field">
              <span>{t('signIn.password')}</span>
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                autoFocus={!!login}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            {session.error && (
              <div className="banner banner-error" role="alert">
                {session.error}
              </div>
            )}
            <button className="btn btn-primary" type="submit" disabled={session.busy || !login || !password}>
              {session.busy ? t('signIn.busy') : t('signIn.submit')}
            </button>
          </form>
        )}
        <button className="btn btn-link locale-switch" onClick={() => ui.toggleLocale()}>
          {t('locale.switch')}
        </button>
      </div>
    </div>
  );
});
