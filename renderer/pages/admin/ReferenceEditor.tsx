import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatRubles, parseRubles } from '../../../core/money';
import { useStore } from '../../stores/RootStore';
import { fill } from '../importing/kinds';
import { CardHead } from '../masterdata/CardHead';
import { Field } from '../masterdata/Field';
import { toFormErrors, type FormErrors } from '../masterdata/formErrors';
import { useEscape } from '../masterdata/useEscape';
import type { RefKind } from './refData';

/** The reference lists an administrator edits here; the others (districts, regions, violation types) are fixed. */
export const EDITABLE_KINDS = ['skus', 'equipmentTypes', 'amnestyReasons', 'contractCategories'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];
export const isEditableKind = (k: RefKind): k is EditableKind => (EDITABLE_KINDS as readonly string[]).includes(k);

type Row = Record<string, string | number | null>;
type FieldName = 'code' | 'name' | 'brand' | 'minMonthlyFee' | 'maxMonthlyFee';
const FIELDS: readonly string[] = ['code', 'name', 'brand', 'minMonthlyFee', 'maxMonthlyFee'];
const fieldOf = (path: string): string | null => (FIELDS.includes(path) ? path : null);

// `reference.setActive` names the lists differently from `reference.list`; categories have no on/off switch.
const ACTIVE_KIND = { skus: 'sku', equipmentTypes: 'equipment', amnestyReasons: 'amnestyReason' } as const;

const rubText = (v: unknown) => (typeof v === 'number' ? formatRubles(v, { symbol: false, kopecks: 'nonzero' }) : '');

/** «Добавить» / row edit of one reference record, and switching it off or on (history keeps using it). */
export const ReferenceEditor = observer(function ReferenceEditor(props: {
  kind: EditableKind;
  /** The record being edited; null for a new one. */
  row: Row | null;
  /** All rows of the list, to warn before «Добавить» silently overwrites an existing code. */
  rows: Row[];
  onSaved: (message: string) => void;
  onClose: () => void;
}) {
  const { api, ui } = useStore();
  const t = ui.t;
  const { kind, row } = props;
  const [values, setValues] = useState<Record<FieldName, string>>({
    code: String(row?.code ?? ''),
    name: String(row?.name ?? ''),
    brand: row?.brand == null ? '' : String(row.brand),
    minMonthlyFee: rubText(row?.minMonthlyFee),
    maxMonthlyFee: rubText(row?.maxMonthlyFee),
  });
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEscape(!busy, props.onClose);

  useEffect(() => {
    if (errors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const set = (f: FieldName) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const local: Record<string, string> = {};
    const code = values.code.trim();
    if (!row && props.rows.some((r) => String(r.code).toLowerCase() === code.toLowerCase())) local.code = fill(t('adm.ref.exists'), { code });
    const money = (f: 'minMonthlyFee' | 'maxMonthlyFee'): number => {
      try {
        return parseRubles(values[f]);
      } catch (err) {
        local[f] = err instanceof Error ? err.message : String(err);
        return 0;
      }
    };
    const min = kind === 'contractCategories' ? money('minMonthlyFee') : 0;
    const max = kind === 'contractCategories' ? money('maxMonthlyFee') : 0;
    if (Object.keys(local).length) {
      setErrors({ summary: t('md.errors.summary'), other: [], fields: local });
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      if (kind === 'skus') await api.invoke('reference.saveSku', { code, name: values.name, brand: values.brand || null });
      else if (kind === 'equipmentTypes') await api.invoke('reference.saveEquipment', { code, name: values.name });
      else if (kind === 'amnestyReasons') await api.invoke('reference.saveAmnestyReason', { code, name: values.name });
      else await api.invoke('reference.saveCategory', { code, name: values.name, minMonthlyFee: min, maxMonthlyFee: max });
      props.onSaved(fill(t('adm.ref.saved'), { code }));
    } catch (err) {
      const fe = toFormErrors(err, fieldOf);
      // Field issues stand next to their fields; the summary then only says nothing was saved.
      setErrors(Object.keys(fe.fields).length ? { ...fe, summary: t('md.errors.summary') } : fe);
    } finally {
      setBusy(false);
    }
  };

  const toggleActive = async () => {
    if (!row || kind === 'contractCategories' || busy) return;
    const next = !row.isActive;
    setBusy(true);
    setErrors(null);
    try {
      await api.invoke('reference.setActive', { kind: ACTIVE_KIND[kind], code: String(row.code), isActive: next });
      props.onSaved(fill(t(next ? 'adm.ref.enabled' : 'adm.ref.disabled'), { code: String(row.code) }));
    } catch (err) {
      setErrors(toFormErrors(err, fieldOf));
    } finally {
      setBusy(false);
    }
  };

  const input =
    (f: FieldName, extra: { autoFocus?: boolean; className?: string; readOnly?: boolean; inputMode?: 'decimal'; placeholder?: string } = {}) =>
    (a: { id: string; invalid: boolean; describedBy: string | undefined }) => (
      <input id={a.id} name={f} value={values[f]} onChange={set(f)} aria-invalid={a.invalid} aria-describedby={a.describedBy} autoComplete="off" {...extra} />
    );
  const err = (f: FieldName) => errors?.fields[f];
  const hasActive = kind !== 'contractCategories' && row !== null;

  return (
    <div className="adm-ref-editor" data-testid="reference-editor">
      <CardHead
        title={row ? t('md.edit') : t('adm.ref.new')}
        sub={row ? `${row.code} · ${row.name}` : t(`reference.${kind}`)}
        onClose={props.onClose}
      />
      {hasActive && !row.isActive && <div className="banner">{t('adm.ref.isOff')}</div>}
      <form ref={formRef} className="md-form" onSubmit={save} noValidate aria-label={row ? t('md.edit') : t('adm.ref.new')}>
        {errors && (
          <div className="banner banner-error md-summary" role="alert">
            <div>{errors.summary}</div>
            {errors.other.map((m, i) => (
              <div key={i}>{m}</div>
            ))}
          </div>
        )}
        <div className="md-form-grid">
          <Field
            label={t('adm.ref.f.code')}
            error={err('code')}
            hint={row ? t('adm.ref.f.codeFixed') : kind === 'amnestyReasons' || kind === 'contractCategories' ? t('adm.ref.f.codeEnum') : t('adm.ref.f.codeItem')}
            wide
          >
            {input('code', { className: 'md-mono', readOnly: !!row, autoFocus: !row })}
          </Field>
          <Field label={t('adm.ref.f.name')} error={err('name')} wide>
            {input('name', { autoFocus: !!row })}
          </Field>
          {kind === 'skus' && (
            <Field label={t('adm.ref.f.brand')} error={err('brand')} wide>
              {input('brand')}
            </Field>
          )}
          {kind === 'contractCategories' && (
            <>
              <Field label={t('adm.ref.f.min')} error={err('minMonthlyFee')}>
                {input('minMonthlyFee', { className: 'nc-money', inputMode: 'decimal', placeholder: '1 000' })}
              </Field>
              <Field label={t('adm.ref.f.max')} error={err('maxMonthlyFee')}>
                {input('maxMonthlyFee', { className: 'nc-money', inputMode: 'decimal', placeholder: '500 000' })}
              </Field>
            </>
          )}
        </div>
        <div className="actions">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? t('md.saving') : row ? t('common.save') : t('md.create')}
          </button>
          <button className="btn" type="button" onClick={props.onClose} disabled={busy}>
            {t('md.cancel')}
          </button>
          {hasActive && (
            <>
              <span className="spacer" />
              <button className={row.isActive ? 'btn btn-danger' : 'btn'} type="button" onClick={() => void toggleActive()} disabled={busy}>
                {row.isActive ? t('adm.ref.disable') : t('adm.ref.enable')}
              </button>
            </>
          )}
        </div>
        {hasActive && <p className="muted adm-note">{t('adm.ref.activeNote')}</p>}
      </form>
    </div>
  );
});
