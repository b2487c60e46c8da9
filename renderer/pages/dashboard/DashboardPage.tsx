import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import { ROLE_NAMES_RU } from '../../../core/users/roles';
import { useStore } from '../../stores/RootStore';

/** Дашборд: for now a start page that says what needs attention and where to go. */
export const DashboardPage = observer(function DashboardPage() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [missing, setMissing] = useState<string[]>([]);
  useEffect(() => {
    api.invoke('settings.list', {}).then(
      (list) => setMissing(list.filter((s) => !s.value).map((s) => s.label)),
      () => setMissing([]),
    );
  }, [api]);
  const user = session.user!;
  return (
    <div className="page page-form">
      <section className="card">
        <h2>
          {t('dashboard.welcome')}, {user.fullName}
        </h2>
        <p>
          {t('dashboard.roles')}: {user.roles.map((r) => ROLE_NAMES_RU[r]).join(', ')}
        </p>
      </section>
      {missing.length > 0 && (
        <section className="card card-warn">
          <h2>{t('dashboard.missingSettings')}</h2>
          <p className="muted">{missing.join(', ')}</p>
          <button className="btn" onClick={() => ui.setSection('settings')}>
            {t('dashboard.openSettings')}
          </button>
        </section>
      )}
      <section className="card">
        <h2>{t('dashboard.next')}</h2>
        <div className="actions">
          {session.can('audit.read') && (
            <button className="btn" onClick={() => ui.setSection('audit')}>
              {t('dashboard.next.audit')}
            </button>
          )}
          <button className="btn" onClick={() => ui.setSection('reference')}>
            {t('dashboard.next.reference')}
          </button>
        </div>
      </section>
    </div>
  );
});
