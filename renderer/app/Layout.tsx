import { observer } from 'mobx-react-lite';
import type { ReactNode } from 'react';
import { ROLE_NAMES_RU } from '../../core/users/roles';
import { SECTIONS, type Section } from '../stores/UiStore';
import { useStore } from '../stores/RootStore';

const ICONS: Record<Section, string> = {
  dashboard: '◧',
  contracts: '▤',
  approvals: '✓',
  import: '⇪',
  signals: '⚑',
  amnesty: '☂',
  payments: '₽',
  documents: '▦',
  reference: '☰',
  audit: '◷',
  settings: '⚙',
};

/** The frame of every signed-in screen: left navigation, user and role indicator, page content. */
export const Layout = observer(function Layout({ children }: { children: ReactNode }) {
  const { ui, session } = useStore();
  const t = ui.t;
  const user = session.user!;
  return (
    <div className="layout">
      <nav className="sidebar" aria-label="Разделы">
        <div className="brand">
          <span className="brand-mark">M</span>
          <span className="brand-name">{t('app.title')}</span>
        </div>
        <ul>
          {SECTIONS.filter((s) => s !== 'audit' || session.can('audit.read')).map((s) => (
            <li key={s}>
              <a
                href={`#/${s}`}
                className={ui.section === s ? 'active' : undefined}
                aria-current={ui.section === s ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  ui.setSection(s);
                }}
              >
                <span className="nav-icon" aria-hidden>
                  {ICONS[s]}
                </span>
                {t(`nav.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <header className="topbar">
          <h1 className="page-title">{t(`nav.${ui.section}`)}</h1>
          <div className="topbar-right">
            <button className="btn btn-link" onClick={() => ui.toggleLocale()}>
              {t('locale.switch')}
            </button>
            <div className="user-chip" data-testid="user-chip" title={user.login}>
              <span className="user-name">{user.fullName}</span>
              <span className="user-roles">{user.roles.map((r) => ROLE_NAMES_RU[r]).join(', ')}</span>
            </div>
            <button className="btn" onClick={() => void session.signOut()}>
              {t('session.signOut')}
            </button>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
});
