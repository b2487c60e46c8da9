import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CommandOutput } from '../../core/api';
import { ROLE_NAMES_RU, ROLES, type Role } from '../../core/users/roles';
import { ApiError } from '../api/client';
import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_RU } from '../i18n/agGridRu';
import { gridTheme } from '../grid/setup';
import { useStore } from '../stores/RootStore';
import { LockoutsSection, type Lockout } from './settings/LockoutsSection';

type UserRow = CommandOutput<'users.list'>[number];
const DISTRICTS = ['ЦФО', 'СЗФО', 'ЮФО', 'СКФО', 'ПФО', 'УФО', 'СФО', 'ДФО'];

const scopeText = (u: UserRow) =>
  u.scope.districts.length || u.scope.regions.length ? [...u.scope.districts, ...u.scope.regions].join(', ') : 'вся страна';

/**
 * Пользователи: who may do what and where (roles and scope), and whose sign-in is locked; editable by an
 * administrator.
 */
export const UsersPanel = observer(function UsersPanel() {
  const { api, ui, session } = useStore();
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [selected, setSelected] = useState<UserRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lockouts, setLockouts] = useState<Lockout[] | null>(null);
  const [lockoutsError, setLockoutsError] = useState<string | null>(null);
  const editable = session.can('users.manage');

  const load = useCallback(
    () =>
      api.invoke('users.list', {}).then(
        (u) => {
          setUsers(u);
          setSelected((s) => (s ? (u.find((x) => x.id === s.id) ?? null) : null));
        },
        (e: Error) => setError(e.message),
      ),
    [api],
  );
  useEffect(() => void load(), [load]);

  const loadLockouts = useCallback(
    () =>
      api.invoke('users.lockouts', {}).then(
        (l) => {
          setLockouts(l);
          setLockoutsError(null);
        },
        (e: Error) => setLockoutsError(e.message),
      ),
    [api],
  );
  useEffect(() => void loadLockouts(), [loadLockouts]);

  const lockedUntil = useMemo(() => new Map((lockouts ?? []).map((l) => [l.userId, l.lockedUntil])), [lockouts]);
  const columns = useMemo<ColDef<UserRow>[]>(
    () => [
      { field: 'login', headerName: 'Логин', width: 130 },
      { field: 'fullName', headerName: 'ФИО', flex: 1 },
      { headerName: 'Роли', flex: 1, valueGetter: (p) => p.data?.roles.map((r) => ROLE_NAMES_RU[r]).join(', ') },
      { headerName: 'Зона ответственности', width: 200, valueGetter: (p) => (p.data ? scopeText(p.data) : '') },
      {
        // Short, so the names keep their width; the section above says until when and why.
        headerName: 'Вход',
        width: 130,
        valueGetter: (p) => (p.data && lockedUntil.has(p.data.id) ? 'заблокирован' : ''),
        cellClass: (p) => (p.value ? 'users-locked' : undefined),
      },
    ],
    [lockedUntil],
  );

  return (
    <div className="users-panel">
      {error && <div className="banner banner-error">{error}</div>}
      <LockoutsSection lockouts={lockouts} error={lockoutsError} onChanged={loadLockouts} />
      <div className="split">
        <div className="grid-host" style={{ minHeight: 320 }}>
          <AgGridReact<UserRow>
            theme={gridTheme}
            localeText={ui.locale === 'ru' ? AG_GRID_LOCALE_RU : AG_GRID_LOCALE_EN}
            rowData={users ?? undefined}
            loading={users === null && !error}
            columnDefs={columns}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onRowClicked={(e) => e.data && setSelected(e.data)}
            animateRows={false}
          />
        </div>
        {editable && (
          <aside className="detail">
            {selected ? (
              <>
                <button className="btn btn-link" onClick={() => setSelected(null)}>
                  + Новый пользователь
                </button>
                <ScopeEditor key={selected.id} user={selected} onSaved={load} />
              </>
            ) : (
              <NewUserForm onCreated={load} />
            )}
          </aside>
        )}
      </div>
    </div>
  );
});

const ScopeEditor = observer(function ScopeEditor({ user, onSaved }: { user: UserRow; onSaved: () => void }) {
  const { api } = useStore();
  const [districts, setDistricts] = useState<string[]>(user.scope.districts);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    try {
      await api.invoke('users.setScope', { userId: user.id, districts, regions: user.scope.regions });
      setMessage({ ok: true, text: 'Зона ответственности сохранена' });
      onSaved();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  return (
    <div>
      <h2>{user.fullName}</h2>
      <p className="muted">Зона ответственности: пользователь видит договоры, точки и контрагентов только в этих округах. Пусто — вся страна.</p>
      <div className="checks">
        {DISTRICTS.map((d) => (
          <label key={d} className="check">
            <input
              type="checkbox"
              checked={districts.includes(d)}
              onChange={(e) => setDistricts(e.target.checked ? [...districts, d] : districts.filter((x) => x !== d))}
            />
            {d}
          </label>
        ))}
      </div>
      {message && <div className={message.ok ? 'banner banner-ok' : 'banner banner-error'}>{message.text}</div>}
      <button className="btn btn-primary" onClick={() => void save()}>
        Сохранить
      </button>
    </div>
  );
});

const NewUserForm = observer(function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const { api } = useStore();
  const [login, setLogin] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.invoke('users.create', { login, fullName, password, roles });
      setMessage({ ok: true, text: `Пользователь ${login} создан` });
      setLogin('');
      setFullName('');
      setPassword('');
      setRoles([]);
      onCreated();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    }
  };
  return (
    <form onSubmit={submit}>
      <h2>Новый пользователь</h2>
      <label className="field">
        <span>Логин</span>
        <input value={login} onChange={(e) => setLogin(e.target.value)} />
      </label>
      <label className="field">
        <span>ФИО</span>
        <input value={fullName} onChange={(e) => setFullName(e.target.value)} />
      </label>
      <label className="field">
        <span>Пароль (не короче 8 символов)</span>
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <div className="checks">
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />
            {ROLE_NAMES_RU[r]}
          </label>
        ))}
      </div>
      {message && <div className={message.ok ? 'banner banner-ok' : 'banner banner-error'}>{message.text}</div>}
      <button className="btn btn-primary" type="submit">
        Создать
      </button>
      <p className="muted">Выберите пользователя в списке, чтобы изменить его зону ответственности.</p>
    </form>
  );
});
