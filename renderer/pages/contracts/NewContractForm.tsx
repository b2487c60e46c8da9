import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { formatRubles, parseRubles } from '../../../core/money';
import { useStore } from '../../stores/RootStore';
import { MultiPick } from '../admin/MultiPick';
import { addDaysIso, todayIso, useReference } from '../admin/refData';
import { fill } from '../importing/kinds';
import { CardHead } from '../masterdata/CardHead';
import { Field } from '../masterdata/Field';
import { toFormErrors, type FormErrors } from '../masterdata/formErrors';
import { useEscape } from '../masterdata/useEscape';

type CpRow = CommandOutput<'counterparties.list'>['rows'][number];
type OutletRow = CommandOutput<'outlets.list'>['rows'][number];
type UserRow = CommandOutput<'users.list'>[number];
type CreateInput = CommandInput<'contracts.create'>;

type FieldName = 'number' | 'counterparty' | 'outlets' | 'category' | 'manager' | 'startDate' | 'endDate' | 'fee' | 'skus' | 'equipment' | 'schedule';

// Input paths of `contracts.create` → the form field that shows their issue.
const FIELD_OF: Record<string, FieldName> = {
  number: 'number',
  counterpartyId: 'counterparty',
  outletIds: 'outlets',
  outletFees: 'outlets',
  category: 'category',
  managerUserId: 'manager',
  startDate: 'startDate',
  endDate: 'endDate',
  monthlyFee: 'fee',
  skuCodes: 'skus',
  equipmentCodes: 'equipment',
  schedule: 'schedule',
};
const fieldOf = (path: string): string | null => FIELD_OF[path] ?? null;

/** The usual period of a new contract: from the first day of next month, for a year. */
function defaultPeriod(): { start: string; end: string } {
  const today = todayIso();
  const [y, m] = today.split('-').map(Number);
  const start = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const end = addDaysIso(`${Number(start.slice(0, 4)) + 1}${start.slice(4)}`, -1);
  return { start, end };
}

const rub = (k: number) => formatRubles(k, { kopecks: 'nonzero' });

/** What the INN box found: the exact counterparty, or suggestions while a name or part of an INN is typed. */
interface CpLookup {
  query: string;
  exact: boolean;
  rows: CpRow[];
}

export interface NewContractFormProps {
  /** Called with the new draft's id; the contracts tab opens its card, which lists what to fix before submission. */
  onCreated: (id: number, number: string) => void;
  onCancel: () => void;
}

/** «Новый договор»: a draft from a counterparty (by INN), its outlets (by code), category, period, fee and terms. */
export const NewContractForm = observer(function NewContractForm(props: NewContractFormProps) {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const period = useMemo(defaultPeriod, []);
  const [number, setNumber] = useState('');
  const [inn, setInn] = useState('');
  const [lookup, setLookup] = useState<CpLookup | null>(null);
  const [outlets, setOutlets] = useState<OutletRow[]>([]);
  const [outletCode, setOutletCode] = useState('');
  const [outletMsg, setOutletMsg] = useState<string | null>(null);
  const [cpOutlets, setCpOutlets] = useState<OutletRow[]>([]);
  const [category, setCategory] = useState('');
  const [manager, setManager] = useState('');
  const [startDate, setStartDate] = useState(period.start);
  const [endDate, setEndDate] = useState(period.end);
  const [fee, setFee] = useState('');
  const [feeTouched, setFeeTouched] = useState(false);
  const [skus, setSkus] = useState<string[]>([]);
  const [equipment, setEquipment] = useState<string[]>([]);
  const [schedule, setSchedule] = useState('');
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Editing a field takes its old complaint away, so the hint (e.g. the counterparty found) shows again.
  const clear = (f: FieldName) =>
    setErrors((e) => (e?.fields[f] ? { ...e, fields: Object.fromEntries(Object.entries(e.fields).filter(([k]) => k !== f)) } : e));

  const categories = useReference('contractCategories');
  const skuList = useReference('skus');
  const equipmentList = useReference('equipmentTypes');

  useEscape(!busy, props.onCancel);

  useEffect(() => {
    api.invoke('users.list', {}).then(setUsers, () => setUsers([]));
  }, [api]);

  useEffect(() => {
    if (errors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  // Finds the counterparty while the INN is typed: an exact INN names it, anything else offers up to six matches.
  const query = inn.trim();
  useEffect(() => {
    if (query.length < 3) return;
    let live = true;
    const digits = query.replace(/\s/g, '');
    const exact = /^(\d{10}|\d{12})$/.test(digits);
    const timer = setTimeout(() => {
      api
        .invoke(
          'counterparties.list',
          exact
            ? { offset: 0, limit: 1, filters: { inn: { type: 'text', op: 'equals', value: digits } } }
            : { offset: 0, limit: 6, search: query },
        )
        .then((p) => live && setLookup({ query, exact, rows: p.rows }))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query]);
  const current = lookup && lookup.query === query ? lookup : null;
  const cp = current?.exact ? (current.rows[0] ?? null) : null;

  // The counterparty's own outlets, offered for one-click adding (a contract covers outlets of one counterparty).
  const cpId = cp?.id ?? null;
  useEffect(() => {
    if (cpId === null) {
      setCpOutlets([]);
      return;
    }
    let live = true;
    api
      .invoke('outlets.list', { offset: 0, limit: 100, filters: { counterpartyId: { type: 'number', op: 'equals', from: cpId } } })
      .then((p) => live && setCpOutlets(p.rows))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, cpId]);

  const addOutlets = useCallback(
    async (codes: string[]) => {
      const missing: string[] = [];
      const found: OutletRow[] = [];
      for (const code of codes) {
        if (outlets.some((o) => o.code.toLowerCase() === code.toLowerCase())) continue;
        const p = await api.invoke('outlets.list', { offset: 0, limit: 1, filters: { code: { type: 'text', op: 'equals', value: code } } });
        if (p.rows[0]) found.push(p.rows[0]);
        else missing.push(code);
      }
      setOutlets((prev) => [...prev, ...found.filter((f) => !prev.some((o) => o.id === f.id))]);
      if (found.length) clear('outlets');
      setOutletCode(missing.join(', '));
      setOutletMsg(missing.length ? fill(t('nc.outletMissing'), { codes: missing.join(', ') }) : null);
    },
    [api, outlets, t],
  );
  const onOutletKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter adds the typed codes; with an empty box it submits the form as everywhere else.
    if (e.key === 'Enter' && outletCode.trim()) {
      e.preventDefault();
      void addOutlets(outletCode.split(/[,;\s]+/).filter(Boolean));
    }
  };

  const feeParsed = useMemo((): { value: number | null; error: string | null } => {
    if (!fee.trim()) return { value: null, error: null };
    try {
      return { value: parseRubles(fee), error: null };
    } catch (e) {
      return { value: null, error: e instanceof Error ? e.message : String(e) };
    }
  }, [fee]);
  const cat = categories.rows?.find((c) => c.code === category) ?? null;
  const feeHint = useMemo(() => {
    const parts: string[] = [];
    if (feeParsed.value !== null) parts.push(fill(t('nc.feeYear'), { month: rub(feeParsed.value), year: rub(feeParsed.value * 12) }));
    if (cat) {
      const limits = `${rub(cat.minMonthlyFee)} – ${rub(cat.maxMonthlyFee)}`;
      const out = feeParsed.value !== null && (feeParsed.value < cat.minMonthlyFee || feeParsed.value > cat.maxMonthlyFee);
      parts.push(fill(t(out ? 'nc.feeOutOfLimits' : 'nc.feeLimits'), { limits }));
    }
    return parts.join(' · ') || t('nc.feeHint');
  }, [feeParsed.value, cat, t]);

  const managers = useMemo(() => (users ?? []).filter((u) => u.isActive && u.roles.includes('manager')), [users]);
  const iAmManager = session.user?.roles.includes('manager') ?? false;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFeeTouched(true);
    // Problems only the form can see; they are merged with the core's so every field is marked in one go.
    const local: Partial<Record<FieldName, string>> = {};
    if (!cp) local.counterparty = query ? t('nc.err.cpUnknown') : t('nc.err.cpRequired');
    if (feeParsed.error) local.fee = feeParsed.error;
    // The schema's «empty code» says nothing to a person choosing from a list.
    if (!category) local.category = t('nc.err.category');
    const input: CreateInput = {
      ...(number.trim() ? { number: number.trim() } : {}),
      // 0 and an empty fee are refused by the core's schema, so a placeholder can never create a contract.
      counterpartyId: cp?.id ?? 0,
      outletIds: outlets.map((o) => o.id),
      category,
      ...(manager ? { managerUserId: Number(manager) } : {}),
      startDate,
      endDate,
      monthlyFee: feeParsed.value ?? 0,
      skuCodes: skus,
      equipmentCodes: equipment,
      schedule: schedule.trim() || null,
    };
    setBusy(true);
    setErrors(null);
    try {
      const res = await api.invoke('contracts.create', input);
      props.onCreated(res.id, res.number);
    } catch (err) {
      const fe = toFormErrors(err, fieldOf);
      const fields = { ...fe.fields, ...local };
      setErrors({ summary: Object.keys(fields).length ? t('nc.err.summary') : fe.summary, other: fe.other, fields });
    } finally {
      setBusy(false);
    }
  };

  const err = (f: FieldName) => errors?.fields[f];
  const cpHint = cp
    ? `${cp.name} · ${cp.type}${cp.kpp ? `, КПП ${cp.kpp}` : ''}`
    : current?.exact
      ? t('nc.cpMissing')
      : t('nc.cpHint');
  const suggestions = current && !current.exact ? current.rows : [];

  return (
    <div className="nc-panel" data-testid="new-contract">
      <CardHead title={t('nc.title')} sub={t('nc.sub')} onClose={props.onCancel} />
      <form ref={formRef} className="md-form" onSubmit={submit} noValidate aria-label={t('nc.title')}>
        {errors && (
          <div className="banner banner-error md-summary" role="alert">
            <div>{errors.summary}</div>
            {errors.other.map((m, i) => (
              <div key={i}>{m}</div>
            ))}
          </div>
        )}
        <div className="md-form-grid">
          <Field label={t('nc.f.counterparty')} error={err('counterparty')} hint={cpHint} wide>
            {(a) => (
              <>
                <input
                  id={a.id}
                  value={inn}
                  onChange={(e) => (setInn(e.target.value), clear('counterparty'))}
                  aria-invalid={a.invalid}
                  aria-describedby={a.describedBy}
                  className={cp ? 'md-mono nc-found' : 'md-mono'}
                  placeholder={t('nc.f.counterpartyPh')}
                  autoComplete="off"
                  autoFocus
                />
                {suggestions.length > 0 && (
                  <ul className="nc-suggest" aria-label={t('nc.suggest')}>
                    {suggestions.map((s) => (
                      <li key={s.id}>
                        <button type="button" className="btn btn-link" onClick={() => (setInn(s.inn), clear('counterparty'))}>
                          {s.name} <span className="muted md-mono">{s.inn}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </Field>
          <Field label={t('nc.f.outlets')} error={err('outlets')} hint={outletMsg ?? t('nc.f.outletsHint')} wide>
            {(a) => (
              <div className="nc-outlets">
                {outlets.length > 0 && (
                  <ul className="nc-chips" aria-label={t('nc.chosen')} data-testid="nc-outlets">
                    {outlets.map((o) => (
                      <li key={o.id} className={cp && o.counterpartyId !== cp.id ? 'nc-chip nc-chip-warn' : 'nc-chip'} title={o.address ?? undefined}>
                        <span className="md-mono">{o.code}</span>
                        <span className="nc-chip-name">
                          {o.name} · {o.regionName}
                          {cp && o.counterpartyId !== cp.id ? ` · ${t('nc.otherCp')}` : ''}
                        </span>
                        <button
                          type="button"
                          className="nc-chip-x"
                          onClick={() => setOutlets((list) => list.filter((x) => x.id !== o.id))}
                          aria-label={`${t('nc.remove')} ${o.code}`}
                        >
                          ✕
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
                <div className="nc-row">
                  <input
                    id={a.id}
                    value={outletCode}
                    onChange={(e) => setOutletCode(e.target.value)}
                    onKeyDown={onOutletKey}
                    aria-invalid={a.invalid || !!outletMsg}
                    aria-describedby={a.describedBy}
                    className="md-mono"
                    placeholder={t('nc.f.outletsPh')}
                    autoComplete="off"
                  />
                  <button type="button" className="btn" onClick={() => void addOutlets(outletCode.split(/[,;\s]+/).filter(Boolean))} disabled={!outletCode.trim()}>
                    {t('nc.add')}
                  </button>
                </div>
                {cpOutlets.some((o) => !outlets.some((x) => x.id === o.id)) && (
                  <div className="nc-quick">
                    <span className="muted">{t('nc.cpOutlets')}:</span>
                    {cpOutlets
                      .filter((o) => !outlets.some((x) => x.id === o.id))
                      .slice(0, 12)
                      .map((o) => (
                        <button key={o.id} type="button" className="btn nc-quick-btn" onClick={() => (setOutlets((list) => [...list, o]), clear('outlets'))} title={o.name}>
                          + {o.code}
                        </button>
                      ))}
                  </div>
                )}
              </div>
            )}
          </Field>
          <Field label={t('nc.f.category')} error={err('category')} hint={categories.error ?? undefined}>
            {(a) => (
              <select id={a.id} value={category} onChange={(e) => (setCategory(e.target.value), clear('category'))} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
                <option value="">{categories.rows ? t('nc.f.categoryPick') : t('common.loading')}</option>
                {categories.rows?.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name} ({rub(c.minMonthlyFee)} – {rub(c.maxMonthlyFee)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('nc.f.manager')} error={err('manager')} hint={manager ? undefined : iAmManager ? t('nc.f.managerMe') : t('nc.f.managerNone')}>
            {(a) => (
              <select id={a.id} value={manager} onChange={(e) => (setManager(e.target.value), clear('manager'))} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
                <option value="">{iAmManager ? t('nc.f.managerMeOption') : '—'}</option>
                {managers.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.fullName}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('nc.f.startDate')} error={err('startDate')}>
            {(a) => (
              <input id={a.id} type="date" value={startDate} onChange={(e) => (setStartDate(e.target.value), clear('startDate'))} aria-invalid={a.invalid} aria-describedby={a.describedBy} />
            )}
          </Field>
          <Field label={t('nc.f.endDate')} error={err('endDate')}>
            {(a) => (
              <input id={a.id} type="date" value={endDate} onChange={(e) => (setEndDate(e.target.value), clear('endDate'))} aria-invalid={a.invalid} aria-describedby={a.describedBy} />
            )}
          </Field>
          <Field label={t('nc.f.fee')} error={err('fee') ?? (feeTouched ? (feeParsed.error ?? undefined) : undefined)} hint={feeHint}>
            {(a) => (
              <input
                id={a.id}
                value={fee}
                onChange={(e) => (setFee(e.target.value), clear('fee'))}
                onBlur={() => setFeeTouched(true)}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
                inputMode="decimal"
                className="nc-money"
                placeholder="30 000,00"
                autoComplete="off"
              />
            )}
          </Field>
          <Field label={t('nc.f.number')} error={err('number')} hint={t('nc.f.numberHint')}>
            {(a) => (
              <input
                id={a.id}
                value={number}
                onChange={(e) => (setNumber(e.target.value), clear('number'))}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
                className="md-mono"
                autoComplete="off"
              />
            )}
          </Field>
          <Field label={t('nc.f.skus')} error={err('skus')} wide>
            {(a) => (
              <MultiPick
                id={a.id}
                testId="nc-skus"
                invalid={a.invalid}
                describedBy={a.describedBy}
                options={skuList.rows?.map((s) => ({ code: s.code, name: s.name, note: s.brand, inactive: !s.isActive })) ?? null}
                value={skus}
                onChange={(v) => (setSkus(v), clear('skus'))}
              />
            )}
          </Field>
          <Field label={t('nc.f.equipment')} error={err('equipment')} wide>
            {(a) => (
              <MultiPick
                id={a.id}
                testId="nc-equipment"
                invalid={a.invalid}
                describedBy={a.describedBy}
                options={equipmentList.rows?.map((s) => ({ code: s.code, name: s.name, inactive: !s.isActive })) ?? null}
                value={equipment}
                onChange={(v) => (setEquipment(v), clear('equipment'))}
              />
            )}
          </Field>
          <Field label={t('nc.f.schedule')} error={err('schedule')} hint={t('nc.f.scheduleHint')} wide>
            {(a) => (
              <input
                id={a.id}
                value={schedule}
                onChange={(e) => (setSchedule(e.target.value), clear('schedule'))}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
                placeholder="Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00"
                autoComplete="off"
              />
            )}
          </Field>
        </div>
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? t('md.saving') : t('nc.submit')}
          </button>
          <button className="btn" type="button" onClick={props.onCancel} disabled={busy}>
            {t('md.cancel')}
          </button>
          <span className="muted nc-keys">{t('nc.keys')}</span>
        </div>
      </form>
    </div>
  );
});
