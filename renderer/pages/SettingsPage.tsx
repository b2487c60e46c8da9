import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../core/api';
import { ApiError } from '../api/client';
import { RoutesPanel } from './admin/RoutesPanel';
import { UsersPanel } from './UsersPanel';
import { BackupPanel } from './settings/BackupPanel';
import { ConnectionPanel } from './settings/ConnectionPanel';
import { useStore } from '../stores/RootStore';

type Setting = CommandOutput<'settings.list'>[number];

const SettingRow = observer(function SettingRow({ setting, editable, onSaved }: { setting: Setting; editable: boolean; onSaved: () => void }) {
  const { api, ui } = useStore();
  const [value, setValue] = useState(setting.value ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const dirty = value !== (setting.value ?? '');

  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await api.invoke('settings.set', { key: setting.key, value });
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <div className="setting-row">
      <label className="field" htmlFor={`setting-${setting.key}`}>
        <span>{setting.label}</span>
        <code className="muted">{setting.key}</code>
      </label>
      <div className="setting-input">
        <input
          id={`setting-${setting.key}`}
          value={value}
          readOnly={!editable}
          placeholder={ui.t('settings.missing')}
          aria-invalid={!!error}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
          onKeyDown={(e) => e.key === 'Enter' && dirty && void save()}
        />
        {editable && (
          <button className="btn" disabled={!dirty} onClick={() => void save()}>
            {ui.t('common.save')}
          </button>
        )}
        {saved && <span className="ok-text">{ui.t('common.saved')}</span>}
      </div>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
});

/** Настройки: company requisites, users, and the approval routes. */
export const SettingsPage = observer(function SettingsPage() {
  const [tab, setTab] = useState<'company' | 'users' | 'routes' | 'backup' | 'connection'>('company');
  return (
    <div className="page">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'company'} className={tab === 'company' ? 'tab active' : 'tab'} onClick={() => setTab('company')}>
          Реквизиты компании
        </button>
        <button role="tab" aria-selected={tab === 'users'} className={tab === 'users' ? 'tab active' : 'tab'} onClick={() => setTab('users')}>
          Пользователи
        </button>
        {/* Everyone may see the routes their contracts take; the panel is read-only without approvals.manageRoutes. */}
        <button role="tab" aria-selected={tab === 'routes'} className={tab === 'routes' ? 'tab active' : 'tab'} onClick={() => setTab('routes')}>
          Маршруты согласования
        </button>
        <button role="tab" aria-selected={tab === 'backup'} className={tab === 'backup' ? 'tab active' : 'tab'} onClick={() => setTab('backup')}>
          Резервные копии
        </button>
        <button role="tab" aria-selected={tab === 'connection'} className={tab === 'connection' ? 'tab active' : 'tab'} onClick={() => setTab('connection')}>
          Подключение
        </button>
      </div>
      {tab === 'routes' ? (
        <RoutesPanel />
      ) : tab === 'company' ? (
        <CompanySettings />
      ) : tab === 'backup' ? (
        <BackupPanel />
      ) : tab === 'connection' ? (
        <ConnectionPanel />
      ) : (
        <UsersPanel />
      )}
    </div>
  );
});

/** The company's own requisites, validated by the core like a counterparty's. */
const CompanySettings = observer(function CompanySettings() {
  const { api, ui, session } = useStore();
  const [settings, setSettings] = useState<Setting[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api.invoke('settings.list', {}).then(
      (s) => setSettings(s),
      (e: Error) => setError(e.message),
    );
  // Loads once on open; later reloads come from a saved row.
  useEffect(() => void load(), []);
  const editable = session.can('settings.write');

  return (
    <div className="page page-form">
      <p className="hint">{ui.t('settings.hint')}</p>
      {!editable && <div className="banner">{ui.t('common.readOnly')}</div>}
      {error && <div className="banner banner-error">{error}</div>}
      {!settings && !error && <p>{ui.t('common.loading')}</p>}
      <div className="settings-list">
        {settings?.map((s) => <SettingRow key={s.key} setting={s} editable={editable} onSaved={() => void load()} />)}
      </div>
    </div>
  );
});
