import { observer } from 'mobx-react-lite';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { STATUS_NAMES_RU } from '../../../core/contracts/lifecycle';
import { formatRubles, parseRubles } from '../../../core/money';
import { formatDate, formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';
import { MultiPick } from '../admin/MultiPick';
import { addDaysIso, todayIso, useReference } from '../admin/refData';
import { fill } from '../importing/kinds';
import { Field } from '../masterdata/Field';
import { toFormErrors, type FormErrors } from '../masterdata/formErrors';

type BulkInput = Extract<CommandInput<'contracts.bulkPreview'>, { criteria: unknown }>;
type Preview = CommandOutput<'contracts.bulkPreview'>;
type PreviewRow = Preview['rows'][number];
type ApplyResult = CommandOutput<'contracts.bulkApply'>;
type Status = '' | 'signed' | 'active';
type ChangeKey = 'skus' | 'equipment' | 'fee' | 'schedule';

// The core's input paths (first segment) → the part of the form that shows the issue.
const fieldOf = (path: string): string | null =>
  ({ criteria: 'criteria', change: 'change', effectiveFrom: 'effectiveFrom', description: 'description' })[path] ?? null;

const FIELD_LABEL: Record<string, 'bulk.c.skus' | 'bulk.c.equipment' | 'bulk.c.fee' | 'bulk.c.schedule' | 'bulk.c.outletFees' | 'bulk.c.endDate'> = {
  skuCodes: 'bulk.c.skus',
  equipmentCodes: 'bulk.c.equipment',
  monthlyFee: 'bulk.c.fee',
  schedule: 'bulk.c.schedule',
  outletFees: 'bulk.c.outletFees',
  endDate: 'bulk.c.endDate',
  terminationDate: 'bulk.c.endDate',
};

/** A before/after value of a preview row as people read it: money in rubles, lists by code. */
function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (field === 'monthlyFee' && typeof v === 'number') return formatMoney(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return v.map((x) => (typeof x === 'object' && x !== null && 'monthlyFee' in x ? formatMoney((x as { monthlyFee: number }).monthlyFee) : String(x))).join(', ');
  }
  return String(v);
}

export interface BulkChangeDialogProps {
  onClose: () => void;
  /** Called after the change was applied, so the grid (and an open card) reload. */
  onApplied: () => void;
}

/**
 * «Массовое изменение…»: pick contracts by category, district, region and status, say what changes from which day,
 * preview every matching contract, then apply to all at once (each gets its own agreement and terms version).
 */
export const BulkChangeDialog = observer(function BulkChangeDialog(props: BulkChangeDialogProps) {
  const { api, ui } = useStore();
  const t = ui.t;
  const ref = useRef<HTMLDialogElement>(null);
  const categories = useReference('contractCategories');
  const districts = useReference('federalDistricts');
  const regions = useReference('regions');
  const skuList = useReference('skus');
  const equipmentList = useReference('equipmentTypes');

  const [category, setCategory] = useState('');
  const [district, setDistrict] = useState('');
  const [region, setRegion] = useState('');
  const [status, setStatus] = useState<Status>('');
  const [on, setOn] = useState<Record<ChangeKey, boolean>>({ skus: false, equipment: false, fee: false, schedule: false });
  const [skus, setSkus] = useState<string[]>([]);
  const [equipment, setEquipment] = useState<string[]>([]);
  const [fee, setFee] = useState('');
  const [schedule, setSchedule] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(() => addDaysIso(todayIso(), 1));
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [preview, setPreview] = useState<{ key: string; data: Preview } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const [busy, setBusy] = useState(false);

  // The native modal dialog traps focus and blocks the page; Escape arrives as its cancel event.
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const feeParsed = useMemo((): { value: number | null; error: string | null } => {
    if (!on.fee || !fee.trim()) return { value: null, error: null };
    try {
      return { value: parseRubles(fee), error: null };
    } catch (e) {
      return { value: null, error: e instanceof Error ? e.message : String(e) };
    }
  }, [fee, on.fee]);

  const input = useMemo((): BulkInput => {
    const change: BulkInput['change'] = {};
    if (on.skus) change.skuCodes = skus;
    if (on.equipment) change.equipmentCodes = equipment;
    // An unparsable fee is sent as 0, which the core refuses with its own message next to «Что меняется».
    if (on.fee) change.monthlyFee = feeParsed.value ?? 0;
    if (on.schedule) change.schedule = schedule.trim() || null;
    return {
      criteria: {
        ...(category ? { category } : {}),
        ...(district ? { federalDistrict: district } : {}),
        ...(region ? { regionCode: region } : {}),
        ...(status ? { status } : {}),
      },
      change,
      effectiveFrom,
      description,
    };
  }, [on, skus, equipment, feeParsed.value, schedule, category, district, region, status, effectiveFrom, description]);
  const inputKey = JSON.stringify(input);
  const fresh = preview !== null && preview.key === inputKey;

  const regionOptions = useMemo(() => (regions.rows ?? []).filter((r) => !district || r.federalDistrict === district), [regions.rows, district]);

  const runPreview = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(null);
    setConfirming(false);
    setResult(null);
    try {
      const data = await api.invoke('contracts.bulkPreview', input);
      setPreview({ key: JSON.stringify(input), data });
    } catch (err) {
      setPreview(null);
      const fe = toFormErrors(err, fieldOf);
      if (feeParsed.error) fe.fields.change = feeParsed.error;
      // Issues shown next to their parts need no repeating on top (the core's message carries the input path).
      setErrors(Object.keys(fe.fields).length ? { ...fe, summary: t('bulk.err.summary') } : fe);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (busy) return;
    setBusy(true);
    setErrors(null);
    try {
      const r = await api.invoke('contracts.bulkApply', input);
      setResult(r);
      setConfirming(false);
      setPreview(null);
      props.onApplied();
    } catch (err) {
      setConfirming(false);
      setErrors(toFormErrors(err, fieldOf));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    if (!busy) props.onClose();
  };
  const toggle = (k: ChangeKey) => setOn((v) => ({ ...v, [k]: !v[k] }));
  const p = fresh ? preview.data : null;
  const canApply = p !== null && p.toChange > 0 && p.errors === 0;

  return (
    <dialog
      ref={ref}
      className="bulk-dialog"
      aria-labelledby="bulk-title"
      data-testid="bulk-dialog"
      onCancel={(e) => {
        // Escape: a confirmation step goes back first; otherwise the dialog closes (React decides, not the browser).
        e.preventDefault();
        if (confirming) setConfirming(false);
        else close();
      }}
    >
      <div className="bulk-head">
        <h2 id="bulk-title">{t('bulk.title')}</h2>
        <button type="button" className="btn btn-link md-close" onClick={close} aria-label={t('common.close')} title={t('md.escHint')}>
          ✕
        </button>
      </div>
      <p className="hint">{t('bulk.hint')}</p>
      <form onSubmit={runPreview} noValidate className="bulk-form">
        <fieldset className="bulk-box" aria-invalid={!!errors?.fields.criteria}>
          <legend>{t('bulk.criteria')}</legend>
          <Field label={t('bulk.f.category')}>
            {(a) => (
              <select id={a.id} value={category} onChange={(e) => setCategory(e.target.value)}>
                <option value="">{t('bulk.any.f')}</option>
                {categories.rows?.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('bulk.f.district')}>
            {(a) => (
              <select
                id={a.id}
                value={district}
                onChange={(e) => {
                  setDistrict(e.target.value);
                  // A region of another district could never match together with it.
                  if (e.target.value && regions.rows?.find((r) => r.code === region)?.federalDistrict !== e.target.value) setRegion('');
                }}
              >
                <option value="">{t('bulk.any.m')}</option>
                {districts.rows?.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.code} — {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('bulk.f.region')}>
            {(a) => (
              <select id={a.id} value={region} onChange={(e) => setRegion(e.target.value)}>
                <option value="">{t('bulk.any.m')}</option>
                {regionOptions.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name} ({r.federalDistrict})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('bulk.f.status')}>
            {(a) => (
              <select id={a.id} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
                <option value="">{t('bulk.f.statusAny')}</option>
                <option value="signed">{STATUS_NAMES_RU.signed}</option>
                <option value="active">{STATUS_NAMES_RU.active}</option>
              </select>
            )}
          </Field>
          {errors?.fields.criteria && <div className="field-error">{errors.fields.criteria}</div>}
        </fieldset>

        <fieldset className="bulk-box bulk-change">
          <legend>{t('bulk.change')}</legend>
          <label className="check">
            <input type="checkbox" checked={on.skus} onChange={() => toggle('skus')} />
            {t('bulk.c.skusNew')}
          </label>
          {on.skus && (
            <MultiPick
              id="bulk-skus"
              testId="bulk-skus"
              options={skuList.rows?.map((s) => ({ code: s.code, name: s.name, note: s.brand, inactive: !s.isActive })) ?? null}
              value={skus}
              onChange={setSkus}
            />
          )}
          <label className="check">
            <input type="checkbox" checked={on.equipment} onChange={() => toggle('equipment')} />
            {t('bulk.c.equipmentNew')}
          </label>
          {on.equipment && (
            <MultiPick
              id="bulk-equipment"
              options={equipmentList.rows?.map((s) => ({ code: s.code, name: s.name, inactive: !s.isActive })) ?? null}
              value={equipment}
              onChange={setEquipment}
            />
          )}
          <label className="check">
            <input type="checkbox" checked={on.fee} onChange={() => toggle('fee')} />
            {t('bulk.c.feeNew')}
          </label>
          {on.fee && (
            <div className="bulk-inline">
              <input
                value={fee}
                onChange={(e) => setFee(e.target.value)}
                aria-label={t('bulk.c.feeNew')}
                aria-invalid={!!feeParsed.error}
                inputMode="decimal"
                className="nc-money"
                placeholder="30 000,00"
              />
              {feeParsed.error ? (
                <span className="field-error">{feeParsed.error}</span>
              ) : feeParsed.value !== null ? (
                <span className="muted">{formatRubles(feeParsed.value)}</span>
              ) : null}
            </div>
          )}
          <label className="check">
            <input type="checkbox" checked={on.schedule} onChange={() => toggle('schedule')} />
            {t('bulk.c.scheduleNew')}
          </label>
          {on.schedule && (
            <input
              value={schedule}
              onChange={(e) => setSchedule(e.target.value)}
              aria-label={t('bulk.c.scheduleNew')}
              placeholder="Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00"
            />
          )}
          {errors?.fields.change && <div className="field-error">{errors.fields.change}</div>}
        </fieldset>

        <div className="bulk-box bulk-when">
          <Field label={t('bulk.f.effectiveFrom')} error={errors?.fields.effectiveFrom}>
            {(a) => (
              <input
                id={a.id}
                type="date"
                value={effectiveFrom}
                onChange={(e) => setEffectiveFrom(e.target.value)}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
              />
            )}
          </Field>
          <Field label={t('bulk.f.description')} error={errors?.fields.description} hint={t('bulk.f.descriptionHint')} wide>
            {(a) => (
              <input
                id={a.id}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
                aria-invalid={a.invalid}
                aria-describedby={a.describedBy}
                placeholder={t('bulk.f.descriptionPh')}
              />
            )}
          </Field>
        </div>

        {errors && (
          <div className="banner banner-error md-summary" role="alert">
            <div>{errors.summary}</div>
            {errors.other.slice(0, 10).map((m, i) => (
              <div key={i}>{m}</div>
            ))}
            {errors.other.length > 10 && <div>{fill(t('bulk.more'), { n: errors.other.length - 10 })}</div>}
          </div>
        )}
        {result && (
          <div className="banner banner-ok" role="status" data-testid="bulk-result">
            {fill(t('bulk.done'), {
              changed: result.changed,
              matched: result.matched,
              unchanged: result.unchanged,
              versions: result.termsVersions,
              agreements: result.agreements,
            })}
          </div>
        )}

        <div className="actions bulk-actions">
          <button type="submit" className={fresh ? 'btn' : 'btn btn-primary'} disabled={busy}>
            {busy && !confirming ? t('bulk.loading') : t('bulk.preview')}
          </button>
          {p && (
            <button type="button" className="btn btn-primary" disabled={!canApply || busy} onClick={() => setConfirming(true)}>
              {fill(t('bulk.apply'), { n: p.toChange })}
            </button>
          )}
          {preview && !fresh && <span className="muted">{t('bulk.stale')}</span>}
          <span className="spacer" />
          <button type="button" className="btn" onClick={close} disabled={busy}>
            {t('common.close')}
          </button>
        </div>
      </form>

      {confirming && p && (
        <div className="bulk-confirm" role="alertdialog" aria-labelledby="bulk-confirm-title">
          <h3 id="bulk-confirm-title">{fill(t('bulk.confirm.title'), { n: p.toChange })}</h3>
          <p>{fill(t('bulk.confirm.text'), { date: formatDate(effectiveFrom) })}</p>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => void apply()} disabled={busy} autoFocus>
              {busy ? t('bulk.applying') : t('bulk.confirm.yes')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={busy}>
              {t('bulk.confirm.back')}
            </button>
          </div>
        </div>
      )}

      {p && <PreviewTable preview={p} />}
    </dialog>
  );
});

const PreviewTable = observer(function PreviewTable({ preview }: { preview: Preview }) {
  const { ui } = useStore();
  const t = ui.t;
  return (
    <div className="bulk-preview" data-testid="bulk-preview">
      <div className="bulk-totals">
        <span>
          {t('bulk.p.matched')}: <b>{preview.matched}</b>
        </span>
        <span className="bulk-ok">
          {t('bulk.p.toChange')}: <b>{preview.toChange}</b>
        </span>
        <span className="muted">
          {t('bulk.p.unchanged')}: <b>{preview.unchanged}</b>
        </span>
        <span className={preview.errors ? 'bulk-err' : 'muted'}>
          {t('bulk.p.errors')}: <b>{preview.errors}</b>
        </span>
      </div>
      {preview.errors > 0 && <p className="field-error">{t('bulk.p.errorsNote')}</p>}
      {preview.rows.length === 0 ? (
        <p className="muted">{t('bulk.p.none')}</p>
      ) : (
        <div className="bulk-table-wrap">
          <table className="mini-table compact bulk-table">
            <thead>
              <tr>
                <th>{t('bulk.p.contract')}</th>
                <th>{t('bulk.p.counterparty')}</th>
                <th>{t('bulk.p.period')}</th>
                <th>{t('bulk.p.what')}</th>
                <th>{t('bulk.p.result')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <Row key={r.id} row={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
});

const Row = observer(function Row({ row }: { row: PreviewRow }) {
  const { ui } = useStore();
  const t = ui.t;
  return (
    <tr className={`bulk-row-${row.result}`}>
      <td className="md-mono">
        {row.number}
        <div className="muted">{STATUS_NAMES_RU[row.status]}</div>
      </td>
      <td>{row.counterpartyName}</td>
      <td>
        {formatDate(row.startDate)} — {formatDate(row.endDate)}
      </td>
      <td>
        {row.changes.length === 0 && <span className="muted">—</span>}
        {row.changes.map((c) => (
          <div key={c.field}>
            <span className="muted">{FIELD_LABEL[c.field] ? t(FIELD_LABEL[c.field]) : c.field}:</span> <s className="bulk-before">{show(c.field, c.before)}</s> →{' '}
            <b>{show(c.field, c.after)}</b>
          </div>
        ))}
      </td>
      <td>
        {row.result === 'change' && <span className="bulk-ok">{t('bulk.r.change')}</span>}
        {row.result === 'unchanged' && <span className="muted">{t('bulk.r.unchanged')}</span>}
        {row.result === 'error' && (
          <ul className="bulk-problems">
            {row.problems.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
});
