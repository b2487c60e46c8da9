import { observer } from 'mobx-react-lite';
import { Fragment, useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { QUORUM_NAMES_RU, QUORUMS, type Quorum } from '../../../core/approvals/quorum';
import { formatRubles, parseRubles } from '../../../core/money';
import { ROLE_NAMES_RU, ROLES, type Role } from '../../../core/users/roles';
import { useStore } from '../../stores/RootStore';
import { fill } from '../importing/kinds';
import { issuesOf, useReference } from './refData';

type RouteRule = CommandOutput<'approvals.routesList'>[number];
type SaveRule = CommandInput<'approvals.routesSave'>['rules'][number];
type UserRow = CommandOutput<'users.list'>[number];

/** A step as edited: numbers stay text until saving, so a half-typed value is not lost or coerced. */
interface StepDraft {
  key: string;
  role: Role;
  userId: string;
  dueHours: string;
  quorum: Quorum;
  quorumN: string;
}

/** A rule as edited; `annualValueOver` is rubles as typed (empty = any value). */
interface RuleDraft {
  key: string;
  id?: number;
  priority: string;
  name: string;
  category: string;
  federalDistrict: string;
  regionCode: string;
  annualValueOver: string;
  isActive: boolean;
  instancesCount: number;
  steps: StepDraft[];
}

let seq = 0;
const newKey = () => `k${++seq}`;

function toDraft(r: RouteRule): RuleDraft {
  return {
    key: newKey(),
    id: r.id,
    priority: String(r.priority),
    name: r.name,
    category: r.category ?? '',
    federalDistrict: r.federalDistrict ?? '',
    regionCode: r.regionCode ?? '',
    annualValueOver: r.annualValueOver === null ? '' : formatRubles(r.annualValueOver, { symbol: false, kopecks: 'nonzero' }),
    isActive: r.isActive,
    instancesCount: r.instancesCount,
    steps: r.steps.map((s) => ({
      key: newKey(),
      role: s.role,
      userId: s.userId === null ? '' : String(s.userId),
      dueHours: String(s.dueHours),
      quorum: s.quorum,
      quorumN: s.quorumN === null ? '' : String(s.quorumN),
    })),
  };
}

const isCatchAll = (r: RuleDraft) => !r.category && !r.federalDistrict && !r.regionCode && !r.annualValueOver.trim();
const int = (s: string): number | null => (/^\s*\d+\s*$/.test(s) ? Number(s) : null);

/** Drafts → the `approvals.routesSave` input, plus the problems only the form can see (unparsable numbers). */
function toInput(drafts: RuleDraft[]): { rules: SaveRule[]; local: Record<string, string> } {
  const local: Record<string, string> = {};
  const rules = drafts.map((r, i): SaveRule => {
    const at = `rules.${i}`;
    const priority = int(r.priority);
    if (priority === null) local[`${at}.priority`] = 'Приоритет — целое неотрицательное число';
    let over: number | null = null;
    if (r.annualValueOver.trim()) {
      try {
        over = parseRubles(r.annualValueOver);
      } catch (e) {
        local[`${at}.annualValueOver`] = e instanceof Error ? e.message : String(e);
      }
    }
    return {
      ...(r.id !== undefined ? { id: r.id } : {}),
      priority: priority ?? 0,
      name: r.name,
      category: r.category || null,
      federalDistrict: r.federalDistrict || null,
      regionCode: r.regionCode || null,
      annualValueOver: over,
      isActive: r.isActive,
      steps: r.steps.map((s, j) => {
        const sp = `${at}.steps.${j}`;
        const due = int(s.dueHours);
        if (due === null) local[`${sp}.dueHours`] = 'Срок — целое число рабочих часов';
        const n = s.quorum === 'n_of_m' ? int(s.quorumN) : null;
        if (s.quorum === 'n_of_m' && n === null) local[`${sp}.quorumN`] = 'Укажите N — сколько согласований нужно';
        return {
          stepNo: j + 1,
          role: s.role,
          userId: s.userId ? Number(s.userId) : null,
          dueHours: due ?? 0,
          // A named person decides alone, so the quorum of such a step is always «any».
          quorum: s.userId ? 'any' : s.quorum,
          quorumN: n,
        };
      }),
    };
  });
  return { rules, local };
}

/** Настройки → Маршруты согласования: the rule table (first matching rule by priority wins), saved as a whole. */
export const RoutesPanel = observer(function RoutesPanel() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const editable = session.can('approvals.manageRoutes');
  const [loaded, setLoaded] = useState<RouteRule[] | null>(null);
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [users, setUsers] = useState<UserRow[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const categories = useReference('contractCategories');
  const districts = useReference('federalDistricts');
  const regions = useReference('regions');

  const reset = useCallback((rules: RouteRule[]) => {
    setLoaded(rules);
    setDrafts(rules.map(toDraft));
  }, []);
  useEffect(() => {
    api.invoke('approvals.routesList', {}).then(reset, (e: Error) => setLoadError(e.message));
    api.invoke('users.list', {}).then(setUsers, () => undefined);
  }, [api, reset]);

  // Dirty when the table as it would be saved differs from what was loaded.
  const dirty = useMemo(
    () => loaded !== null && JSON.stringify(toInput(drafts).rules) !== JSON.stringify(toInput(loaded.map(toDraft)).rules),
    [drafts, loaded],
  );
  const byPath = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of issues) if (!m.has(i.path)) m.set(i.path, i.message);
    return m;
  }, [issues]);

  const update = (key: string, f: (r: RuleDraft) => RuleDraft) => {
    setDrafts((list) => list.map((r) => (r.key === key ? f(r) : r)));
    setNotice(null);
  };
  const move = (i: number, d: -1 | 1) =>
    setDrafts((list) => {
      const j = i + d;
      if (j < 0 || j >= list.length) return list;
      // Order is priority: swapping places swaps priorities, so what the admin sees is what the core will check.
      const next = [...list];
      const a = { ...next[i], priority: next[j].priority };
      const b = { ...next[j], priority: next[i].priority };
      next[i] = b;
      next[j] = a;
      return next;
    });

  const addRule = () =>
    setDrafts((list) => {
      // A new rule goes just before the catch-all rule, which must stay last to catch what no other rule took.
      const at = list.findIndex((r) => r.isActive && isCatchAll(r));
      const taken = new Set(list.map((r) => int(r.priority)));
      const template = at >= 0 ? list[at] : undefined;
      let priority: number;
      if (at >= 0) {
        const lo = at > 0 ? (int(list[at - 1].priority) ?? 0) : 0;
        const hi = int(list[at].priority) ?? lo + 20;
        priority = Math.floor((lo + hi) / 2);
        if (priority <= lo || taken.has(priority)) priority = Math.max(0, hi - 1);
      } else priority = Math.max(0, ...[...taken].filter((p): p is number => p !== null)) + 10;
      const rule: RuleDraft = {
        key: newKey(),
        priority: String(priority),
        name: t('adm.r.newName'),
        category: '',
        federalDistrict: '',
        regionCode: '',
        annualValueOver: '',
        isActive: true,
        instancesCount: 0,
        steps: (template?.steps ?? [{ key: '', role: 'manager' as Role, userId: '', dueHours: '8', quorum: 'any' as Quorum, quorumN: '' }]).map((s) => ({
          ...s,
          key: newKey(),
        })),
      };
      const next = [...list];
      next.splice(at >= 0 ? at : list.length, 0, rule);
      return next;
    });

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!editable || busy) return;
    setNotice(null);
    const { rules, local } = toInput(drafts);
    const localIssues = Object.entries(local).map(([path, message]) => ({ path, message }));
    if (localIssues.length) {
      setIssues(localIssues);
      return;
    }
    setBusy(true);
    try {
      const res = await api.invoke('approvals.routesSave', { rules });
      reset(res.routes);
      setIssues([]);
      setNotice(
        res.archivedIds.length ? fill(t('adm.r.savedArchived'), { ids: res.archivedIds.map((id) => `№${id}`).join(', ') }) : t('adm.r.saved'),
      );
    } catch (err) {
      setIssues(issuesOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <div className="banner banner-error">{loadError}</div>;
  if (!loaded) return <p className="muted">{t('common.loading')}</p>;

  const ruleIssue = (i: number) => byPath.get(`rules.${i}`) ?? byPath.get(`rules.${i}.steps`) ?? byPath.get(`rules.${i}.id`);

  return (
    <form className="adm-routes" onSubmit={save} noValidate data-testid="routes-editor" aria-label={t('adm.r.title')}>
      <p className="hint">{t('adm.r.hint')}</p>
      {!editable && <div className="banner">{t('adm.r.readOnly')}</div>}
      {issues.length > 0 && (
        <div className="banner banner-error md-summary" role="alert">
          <div>{t('adm.r.notSaved')}</div>
          <ul className="adm-issue-list">
            {issues.map((i, n) => (
              <li key={n}>{i.message}</li>
            ))}
          </ul>
        </div>
      )}
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {byPath.get('rules') && <div className="field-error">{byPath.get('rules')}</div>}

      <ol className="adm-rules">
        {drafts.map((r, i) => (
          <li key={r.key} className={r.isActive ? 'adm-rule' : 'adm-rule adm-rule-off'} data-testid="route-rule">
            <div className="adm-rule-head">
              <label className="adm-prio">
                <span>{t('adm.r.priority')}</span>
                <input
                  value={r.priority}
                  aria-label={t('adm.r.priority')}
                  onChange={(e) => update(r.key, (x) => ({ ...x, priority: e.target.value }))}
                  aria-invalid={byPath.has(`rules.${i}.priority`)}
                  disabled={!editable}
                  inputMode="numeric"
                />
              </label>
              <label className="adm-name">
                <span>{t('adm.r.name')}</span>
                <input
                  value={r.name}
                  aria-label={t('adm.r.name')}
                  onChange={(e) => update(r.key, (x) => ({ ...x, name: e.target.value }))}
                  aria-invalid={byPath.has(`rules.${i}.name`)}
                  disabled={!editable}
                />
              </label>
              <label className="check adm-active">
                <input type="checkbox" checked={r.isActive} onChange={(e) => update(r.key, (x) => ({ ...x, isActive: e.target.checked }))} disabled={!editable} />
                {t('adm.r.active')}
              </label>
              {editable && (
                <div className="adm-rule-tools">
                  <button type="button" className="btn adm-icon" onClick={() => move(i, -1)} disabled={i === 0} title={t('adm.up')} aria-label={t('adm.up')}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn adm-icon"
                    onClick={() => move(i, 1)}
                    disabled={i === drafts.length - 1}
                    title={t('adm.down')}
                    aria-label={t('adm.down')}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger adm-icon"
                    onClick={() => setDrafts((list) => list.filter((x) => x.key !== r.key))}
                    title={r.instancesCount ? fill(t('adm.r.removeUsed'), { n: r.instancesCount }) : t('adm.r.remove')}
                    aria-label={t('adm.r.remove')}
                  >
                    ✕
                  </button>
                </div>
              )}
            </div>
            {(byPath.get(`rules.${i}.priority`) || byPath.get(`rules.${i}.name`)) && (
              <div className="field-error">{byPath.get(`rules.${i}.priority`) ?? byPath.get(`rules.${i}.name`)}</div>
            )}

            <div className="adm-conds">
              <span className="adm-when">{isCatchAll(r) ? t('adm.r.catchAll') : t('adm.r.when')}</span>
              <label>
                <span>{t('adm.r.category')}</span>
                <select
                  value={r.category}
                  aria-label={t('adm.r.category')}
                  onChange={(e) => update(r.key, (x) => ({ ...x, category: e.target.value }))}
                  aria-invalid={byPath.has(`rules.${i}.category`)}
                  disabled={!editable}
                >
                  <option value="">{t('bulk.any.f')}</option>
                  {categories.rows?.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('adm.r.district')}</span>
                <select
                  value={r.federalDistrict}
                  aria-label={t('adm.r.district')}
                  onChange={(e) => {
                    const fd = e.target.value;
                    update(r.key, (x) => ({
                      ...x,
                      federalDistrict: fd,
                      // A region of another district could never match together with it.
                      regionCode: fd && regions.rows?.find((g) => g.code === x.regionCode)?.federalDistrict !== fd ? '' : x.regionCode,
                    }));
                  }}
                  aria-invalid={byPath.has(`rules.${i}.federalDistrict`)}
                  disabled={!editable}
                >
                  <option value="">{t('bulk.any.m')}</option>
                  {districts.rows?.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.code}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t('adm.r.region')}</span>
                <select
                  value={r.regionCode}
                  aria-label={t('adm.r.region')}
                  onChange={(e) => update(r.key, (x) => ({ ...x, regionCode: e.target.value }))}
                  aria-invalid={byPath.has(`rules.${i}.regionCode`)}
                  disabled={!editable}
                >
                  <option value="">{t('bulk.any.m')}</option>
                  {regions.rows
                    ?.filter((g) => !r.federalDistrict || g.federalDistrict === r.federalDistrict)
                    .map((g) => (
                      <option key={g.code} value={g.code}>
                        {g.name}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                <span>{t('adm.r.over')}</span>
                <input
                  value={r.annualValueOver}
                  aria-label={t('adm.r.over')}
                  onChange={(e) => update(r.key, (x) => ({ ...x, annualValueOver: e.target.value }))}
                  aria-invalid={byPath.has(`rules.${i}.annualValueOver`)}
                  placeholder={t('adm.r.overPh')}
                  inputMode="decimal"
                  className="nc-money"
                  disabled={!editable}
                />
              </label>
            </div>
            {['category', 'federalDistrict', 'regionCode', 'annualValueOver'].map((f) =>
              byPath.get(`rules.${i}.${f}`) ? (
                <div key={f} className="field-error">
                  {byPath.get(`rules.${i}.${f}`)}
                </div>
              ) : null,
            )}

            <StepsTable
              rule={r}
              index={i}
              editable={editable}
              users={users}
              byPath={byPath}
              onChange={(steps) => update(r.key, (x) => ({ ...x, steps }))}
            />
            {ruleIssue(i) && <div className="field-error">{ruleIssue(i)}</div>}
            {r.instancesCount > 0 && <div className="muted adm-used">{fill(t('adm.r.used'), { n: r.instancesCount })}</div>}
          </li>
        ))}
      </ol>

      {editable && (
        <div className="actions adm-save-bar">
          <button type="button" className="btn" onClick={addRule}>
            + {t('adm.r.add')}
          </button>
          <span className="spacer" />
          {dirty && <span className="muted">{t('adm.r.dirty')}</span>}
          <button
            type="button"
            className="btn"
            disabled={!dirty || busy}
            onClick={() => {
              reset(loaded);
              setIssues([]);
              setNotice(null);
            }}
          >
            {t('adm.r.discard')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !dirty}>
            {busy ? t('md.saving') : t('adm.r.save')}
          </button>
        </div>
      )}
    </form>
  );
});

const StepsTable = observer(function StepsTable(props: {
  rule: RuleDraft;
  index: number;
  editable: boolean;
  users: UserRow[];
  byPath: Map<string, string>;
  onChange: (steps: StepDraft[]) => void;
}) {
  const { ui } = useStore();
  const t = ui.t;
  const { rule, index, editable, byPath } = props;
  const steps = rule.steps;
  const set = (j: number, patch: Partial<StepDraft>) => props.onChange(steps.map((s, k) => (k === j ? { ...s, ...patch } : s)));
  const move = (j: number, d: -1 | 1) => {
    const k = j + d;
    if (k < 0 || k >= steps.length) return;
    const next = [...steps];
    [next[j], next[k]] = [next[k], next[j]];
    props.onChange(next);
  };
  const path = (j: number, f: string) => `rules.${index}.steps.${j}.${f}`;

  return (
    <table className="mini-table compact adm-steps">
      <thead>
        <tr>
          <th>№</th>
          <th>{t('adm.s.role')}</th>
          <th>{t('adm.s.user')}</th>
          <th>{t('adm.s.due')}</th>
          <th>{t('adm.s.quorum')}</th>
          <th>N</th>
          {editable && <th />}
        </tr>
      </thead>
      <tbody>
        {steps.map((s, j) => {
          const holders = props.users.filter((u) => u.isActive && u.roles.includes(s.role));
          const stepError = ['role', 'userId', 'dueHours', 'quorum', 'quorumN'].map((f) => byPath.get(path(j, f))).find(Boolean);
          return (
            <Fragment key={s.key}>
              <tr>
                <td>{j + 1}</td>
                <td>
                  <select
                    value={s.role}
                    onChange={(e) => set(j, { role: e.target.value as Role, userId: '' })}
                    aria-label={`${t('adm.s.role')} ${j + 1}`}
                    disabled={!editable}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_NAMES_RU[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    value={s.userId}
                    onChange={(e) => set(j, { userId: e.target.value })}
                    aria-label={`${t('adm.s.user')} ${j + 1}`}
                    aria-invalid={byPath.has(path(j, 'userId'))}
                    disabled={!editable}
                  >
                    <option value="">{t('adm.s.anyone')}</option>
                    {holders.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.fullName}
                      </option>
                    ))}
                    {s.userId && !holders.some((u) => String(u.id) === s.userId) && <option value={s.userId}>№{s.userId}</option>}
                  </select>
                </td>
                <td>
                  <input
                    className="adm-num"
                    value={s.dueHours}
                    onChange={(e) => set(j, { dueHours: e.target.value })}
                    aria-label={`${t('adm.s.due')} ${j + 1}`}
                    aria-invalid={byPath.has(path(j, 'dueHours'))}
                    inputMode="numeric"
                    disabled={!editable}
                  />
                </td>
                <td>
                  <select
                    value={s.userId ? 'any' : s.quorum}
                    onChange={(e) => set(j, { quorum: e.target.value as Quorum })}
                    aria-label={`${t('adm.s.quorum')} ${j + 1}`}
                    aria-invalid={byPath.has(path(j, 'quorum'))}
                    disabled={!editable || !!s.userId}
                    title={s.userId ? t('adm.s.namedHint') : undefined}
                  >
                    {QUORUMS.map((q) => (
                      <option key={q} value={q}>
                        {QUORUM_NAMES_RU[q]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {s.quorum === 'n_of_m' && !s.userId ? (
                    <input
                      className="adm-num"
                      value={s.quorumN}
                      onChange={(e) => set(j, { quorumN: e.target.value })}
                      aria-label={`N ${j + 1}`}
                      aria-invalid={byPath.has(path(j, 'quorumN'))}
                      inputMode="numeric"
                      disabled={!editable}
                    />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                {editable && (
                  <td>
                    <div className="adm-step-tools">
                      <button type="button" className="btn adm-icon" onClick={() => move(j, -1)} disabled={j === 0} aria-label={t('adm.up')} title={t('adm.up')}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn adm-icon"
                        onClick={() => move(j, 1)}
                        disabled={j === steps.length - 1}
                        aria-label={t('adm.down')}
                        title={t('adm.down')}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="btn btn-danger adm-icon"
                        onClick={() => props.onChange(steps.filter((_, k) => k !== j))}
                        aria-label={t('adm.s.remove')}
                        title={t('adm.s.remove')}
                      >
                        ✕
                      </button>
                    </div>
                  </td>
                )}
              </tr>
              {stepError && (
                <tr className="adm-step-error">
                  <td colSpan={7} className="field-error">
                    {stepError}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
      {editable && (
        <tfoot>
          <tr>
            <td colSpan={7}>
              <button
                type="button"
                className="btn btn-link"
                onClick={() =>
                  props.onChange([...steps, { key: newKey(), role: 'legal', userId: '', dueHours: '8', quorum: 'any', quorumN: '' }])
                }
              >
                + {t('adm.s.add')}
              </button>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
});
