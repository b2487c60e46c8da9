import { observer } from 'mobx-react-lite';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { useStore } from '../../stores/RootStore';
import { Field } from './Field';
import { isStaleSave, orNull, toFormErrors, type FormErrors } from './formErrors';

export type Outlet = CommandOutput<'outlets.get'>;
type SaveInput = CommandInput<'outlets.save'>;

/** A region as `reference.list {kind:'regions'}` returns it, with its federal district's full name when known. */
export interface RegionOption {
  code: string;
  name: string;
  federalDistrict: string;
  districtName: string | null;
}

const FIELDS = ['code', 'name', 'address', 'region', 'counterpartyInn', 'channel', 'repCode', 'manager'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

// The core names the counterparty issue `counterparty` (it may come by id or INN); the form has only the INN box.
const fieldOf = (path: string): string | null =>
  path === 'counterparty' || path === 'counterpartyId' ? 'counterpartyInn' : (FIELDS as readonly string[]).includes(path) ? path : null;

function initialValues(o: Outlet | null): Values {
  return {
    code: o?.code ?? '',
    name: o?.name ?? '',
    address: o?.address ?? '',
    region: o?.regionCode ?? '',
    counterpartyInn: o?.counterpartyInn ?? '',
    channel: o?.channel ?? '',
    repCode: o?.repCode ?? '',
    manager: o?.managerLogin ?? '',
  };
}

/** «Новая точка» / «Изменить»: region from the reference list with its district, counterparty by INN. */
export const OutletForm = observer(function OutletForm(props: {
  outlet: Outlet | null;
  regions: RegionOption[] | null;
  onSaved: (o: Outlet) => void;
  onCancel: () => void;
}) {
  const { api, ui } = useStore();
  const t = ui.t;
  const [values, setValues] = useState<Values>(() => initialValues(props.outlet));
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  // The version the form was opened at: saving over someone else's change is refused with «обновите».
  const [version, setVersion] = useState(props.outlet?.version);
  const [stale, setStale] = useState(false);
  const [cpName, setCpName] = useState<{ inn: string; name: string | null } | null>(
    props.outlet ? { inn: props.outlet.counterpartyInn, name: props.outlet.counterpartyName } : null,
  );
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (errors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  // Names the counterparty while the INN is typed, so a wrong INN shows before saving (the core decides on save).
  const inn = values.counterpartyInn.replace(/\s/g, '');
  useEffect(() => {
    if (!/^(\d{10}|\d{12})$/.test(inn) || cpName?.inn === inn) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .invoke('counterparties.list', { offset: 0, limit: 1, filters: { inn: { type: 'text', op: 'equals', value: inn } } })
        .then((p) => live && setCpName({ inn, name: p.rows[0]?.name ?? null }))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, inn, cpName?.inn]);

  const byDistrict = useMemo(() => {
    const groups = new Map<string, RegionOption[]>();
    for (const r of props.regions ?? []) groups.set(r.federalDistrict, [...(groups.get(r.federalDistrict) ?? []), r]);
    return [...groups.entries()];
  }, [props.regions]);
  const region = props.regions?.find((r) => r.code === values.region) ?? null;

  const set = (f: FieldName) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(null);
    const input: SaveInput = {
      ...(props.outlet ? { id: props.outlet.id, version } : {}),
      code: values.code,
      name: values.name,
      address: orNull(values.address),
      region: values.region,
      counterpartyInn: orNull(values.counterpartyInn),
      channel: orNull(values.channel),
      repCode: orNull(values.repCode),
      manager: orNull(values.manager),
    };
    try {
      props.onSaved(await api.invoke('outlets.save', input));
    } catch (err) {
      setErrors(toFormErrors(err, fieldOf));
      setStale(isStaleSave(err));
    } finally {
      setBusy(false);
    }
  };

  // «Обновить»: the other user's values replace this form's, with their version, so the next save is accepted.
  const reload = async () => {
    if (!props.outlet) return;
    setBusy(true);
    try {
      const fresh = await api.invoke('outlets.get', { id: props.outlet.id });
      setValues(initialValues(fresh));
      setVersion(fresh.version);
      setErrors(null);
      setStale(false);
    } catch (err) {
      setErrors(toFormErrors(err, fieldOf));
    } finally {
      setBusy(false);
    }
  };

  const err = (f: FieldName) => errors?.fields[f];
  const input =
    (f: FieldName, extra: { autoFocus?: boolean; className?: string; inputMode?: 'numeric' } = {}) =>
    (a: { id: string; invalid: boolean; describedBy: string | undefined }) => (
      <input
        id={a.id}
        name={f}
        value={values[f]}
        onChange={set(f)}
        aria-invalid={a.invalid}
        aria-describedby={a.describedBy}
        autoComplete="off"
        {...extra}
      />
    );

  const cpHint =
    cpName && cpName.inn === inn ? (cpName.name ?? t('md.ol.cpMissing')) : undefined;

  return (
    <form ref={formRef} className="md-form" onSubmit={submit} noValidate aria-label={props.outlet ? t('md.edit') : t('md.ol.new')}>
      {errors && (
        <div className="banner banner-error md-summary" role="alert">
          <div>{errors.summary}</div>
          {errors.other.map((m, i) => (
            <div key={i}>{m}</div>
          ))}
          {stale ? (
            <div className="actions">
              <button className="btn" type="button" onClick={() => void reload()} disabled={busy}>
                {t('common.refresh')}
              </button>
            </div>
          ) : (
            <div className="md-summary-note">{t('md.errors.summary')}</div>
          )}
        </div>
      )}
      <div className="md-form-grid">
        <Field label={t('md.ol.f.code')} error={err('code')}>
          {input('code', { autoFocus: true, className: 'md-mono' })}
        </Field>
        <Field label={t('md.ol.f.channel')} error={err('channel')}>
          {input('channel')}
        </Field>
        <Field label={t('md.ol.f.name')} error={err('name')} wide>
          {input('name')}
        </Field>
        <Field label={t('md.ol.f.address')} error={err('address')} wide>
          {input('address')}
        </Field>
        <Field
          label={t('md.ol.f.region')}
          error={err('region')}
          hint={region ? (region.districtName ? `${region.districtName} (${region.federalDistrict})` : region.federalDistrict) : undefined}
          wide
        >
          {(a) => (
            <select
              id={a.id}
              name="region"
              value={values.region}
              onChange={set('region')}
              aria-invalid={a.invalid}
              aria-describedby={a.describedBy}
              disabled={!props.regions}
            >
              <option value="">{props.regions ? t('md.ol.f.regionPick') : t('common.loading')}</option>
              {byDistrict.map(([district, regions]) => (
                <optgroup key={district} label={regions[0].districtName ?? district}>
                  {regions.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('md.ol.f.counterpartyInn')} error={err('counterpartyInn')} hint={cpHint} wide>
          {input('counterpartyInn', { className: 'md-mono', inputMode: 'numeric' })}
        </Field>
        <Field label={t('md.ol.f.repCode')} error={err('repCode')}>
          {input('repCode')}
        </Field>
        <Field label={t('md.ol.f.manager')} error={err('manager')} hint={t('md.ol.f.managerHint')}>
          {input('manager')}
        </Field>
      </div>
      <div className="actions">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('md.saving') : props.outlet ? t('common.save') : t('md.create')}
        </button>
        <button className="btn" type="button" onClick={props.onCancel} disabled={busy}>
          {t('md.cancel')}
        </button>
      </div>
    </form>
  );
});
