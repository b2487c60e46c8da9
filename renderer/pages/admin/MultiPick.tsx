import { observer } from 'mobx-react-lite';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useStore } from '../../stores/RootStore';

export interface PickOption {
  code: string;
  name: string;
  /** Extra text shown after the name (e.g. the brand). */
  note?: string | null;
  /** Switched off in the reference: kept on screen when already chosen, but not offered for new choices. */
  inactive?: boolean;
}

export interface MultiPickProps {
  /** Id for the filter box, so a <label htmlFor> (the Field helper) points at it. */
  id: string;
  options: PickOption[] | null;
  value: string[];
  onChange: (codes: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
  testId?: string;
}

/**
 * Several codes from a reference list: the chosen ones as chips, a filter box and a checkbox list. Enter in the
 * filter box picks the first match (and does not submit the form); with an empty box it submits as usual.
 */
export const MultiPick = observer(function MultiPick(props: MultiPickProps) {
  const { ui } = useStore();
  const t = ui.t;
  const [filter, setFilter] = useState('');
  const { options, value, onChange } = props;
  const byCode = useMemo(() => new Map((options ?? []).map((o) => [o.code, o])), [options]);

  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase('ru-RU');
    return (options ?? []).filter(
      (o) => (!o.inactive || value.includes(o.code)) && (!q || `${o.code} ${o.name} ${o.note ?? ''}`.toLocaleLowerCase('ru-RU').includes(q)),
    );
  }, [options, filter, value]);

  const toggle = (code: string) => onChange(value.includes(code) ? value.filter((c) => c !== code) : [...value, code]);

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && filter.trim()) {
      e.preventDefault();
      const first = shown.find((o) => !value.includes(o.code));
      if (first) onChange([...value, first.code]);
      setFilter('');
    } else if (e.key === 'Escape' && filter) {
      // Clears the filter first; a second Escape closes the form.
      e.preventDefault();
      e.stopPropagation();
      setFilter('');
    }
  };

  return (
    <div className={props.invalid ? 'nc-pick nc-pick-invalid' : 'nc-pick'} data-testid={props.testId}>
      {value.length > 0 && (
        <ul className="nc-chips" aria-label={t('nc.chosen')}>
          {value.map((code) => {
            const o = byCode.get(code);
            return (
              <li key={code} className={o?.inactive ? 'nc-chip nc-chip-off' : 'nc-chip'}>
                <span className="md-mono">{code}</span>
                {o && <span className="nc-chip-name">{o.name}</span>}
                {!props.disabled && (
                  <button type="button" className="nc-chip-x" onClick={() => toggle(code)} aria-label={`${t('nc.remove')} ${code}`}>
                    ✕
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <input
        id={props.id}
        type="text"
        className="nc-pick-filter"
        placeholder={options ? t('nc.pickFilter') : t('common.loading')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={onKey}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        disabled={props.disabled || !options}
        autoComplete="off"
      />
      <div className="nc-pick-list" role="group" aria-label={t('nc.pickList')}>
        {shown.length === 0 && <div className="muted nc-pick-empty">{options ? t('nc.pickNone') : t('common.loading')}</div>}
        {shown.map((o) => (
          <label key={o.code} className="nc-pick-item">
            <input type="checkbox" checked={value.includes(o.code)} onChange={() => toggle(o.code)} disabled={props.disabled} />
            <span className="md-mono">{o.code}</span>
            <span>{o.name}</span>
            {o.note && <span className="muted">· {o.note}</span>}
          </label>
        ))}
      </div>
    </div>
  );
});
