import { observer } from 'mobx-react-lite';
import { useState, type FormEvent } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { parseRubles } from '../../../core/money';
import { ApiError } from '../../api/client';
import { useStore } from '../../stores/RootStore';
import { isStaleSave } from '../masterdata/formErrors';
import { IssueList } from './ContractCard';

type Card = CommandOutput<'contracts.get'>;
type Kind = CommandInput<'contracts.supplement'>['kind'];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'fee_change', label: 'Изменение платежа' },
  { kind: 'sku_change', label: 'Изменение списка SKU' },
  { kind: 'equipment_change', label: 'Изменение оборудования' },
  { kind: 'schedule_change', label: 'Изменение графика' },
  { kind: 'extension', label: 'Продление' },
  { kind: 'termination', label: 'Досрочное расторжение' },
];

/** A supplementary agreement: a new terms version from its effective date; history is never overwritten. */
export const SupplementForm = observer(function SupplementForm(props: {
  card: Card;
  current: Card['terms'][number];
  onDone: () => void;
  /** Reloads the card after a refusal because someone else changed the contract meanwhile. */
  onReload: () => void;
}) {
  const { api } = useStore();
  const [kind, setKind] = useState<Kind>('fee_change');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [fee, setFee] = useState('');
  const [skus, setSkus] = useState(props.current.skus.map((s) => s.code).join(', '));
  const [equipment, setEquipment] = useState(props.current.equipment.map((e) => e.code).join(', '));
  const [schedule, setSchedule] = useState(props.current.schedule ?? '');
  const [date, setDate] = useState('');
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<{ message: string }[]>([]);
  const [stale, setStale] = useState(false);
  const list = (s: string) => s.split(/[,;\s]+/).filter(Boolean);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setIssues([]);
    setStale(false);
    try {
      const input: CommandInput<'contracts.supplement'> = {
        id: props.card.id,
        version: props.card.version,
        kind,
        effectiveFrom,
        comment: comment || undefined,
      };
      if (kind === 'fee_change') input.monthlyFee = parseRubles(fee);
      if (kind === 'sku_change') input.skuCodes = list(skus);
      if (kind === 'equipment_change') input.equipmentCodes = list(equipment);
      if (kind === 'schedule_change') input.schedule = schedule;
      if (kind === 'extension') input.newEndDate = date;
      if (kind === 'termination') input.terminationDate = date;
      await api.invoke('contracts.supplement', input);
      props.onDone();
    } catch (err) {
      setStale(isStaleSave(err));
      if (err instanceof ApiError) setIssues((err.details?.issues as { message: string }[] | undefined) ?? [{ message: err.message }]);
      else setIssues([{ message: err instanceof Error ? err.message : String(err) }]);
    }
  };

  return (
    <form className="subform" onSubmit={submit} aria-label="Допсоглашение">
      <h3>Допсоглашение</h3>
      <div className="form-grid">
        <label className="field">
          <span>Вид</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Действует с</span>
          <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </label>
        {kind === 'fee_change' && (
          <label className="field">
            <span>Новый платёж в месяц, ₽ (без НДС)</span>
            <input value={fee} onChange={(e) => setFee(e.target.value)} placeholder="например, 45 000,00" />
          </label>
        )}
        {kind === 'sku_change' && (
          <label className="field">
            <span>Обязательные SKU (коды через запятую)</span>
            <input value={skus} onChange={(e) => setSkus(e.target.value)} />
          </label>
        )}
        {kind === 'equipment_change' && (
          <label className="field">
            <span>Оборудование (коды через запятую)</span>
            <input value={equipment} onChange={(e) => setEquipment(e.target.value)} />
          </label>
        )}
        {kind === 'schedule_change' && (
          <label className="field">
            <span>График работы</span>
            <input value={schedule} onChange={(e) => setSchedule(e.target.value)} />
          </label>
        )}
        {(kind === 'extension' || kind === 'termination') && (
          <label className="field">
            <span>{kind === 'extension' ? 'Новая дата окончания' : 'Дата расторжения'}</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
        )}
        <label className="field">
          <span>Комментарий</span>
          <input value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
      </div>
      {issues.length > 0 && <IssueList issues={issues} />}
      {stale && (
        <button
          className="btn"
          type="button"
          onClick={() => {
            setIssues([]);
            setStale(false);
            props.onReload();
          }}
        >
          Обновить
        </button>
      )}
      <button className="btn btn-primary" type="submit" disabled={!effectiveFrom}>
        Оформить допсоглашение
      </button>
    </form>
  );
});
