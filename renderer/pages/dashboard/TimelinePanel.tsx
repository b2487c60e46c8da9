import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { formatDate, formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';

type Timeline = CommandOutput<'dashboard.timeline'>;
/** Whose timeline: an outlet or a counterparty, by id. */
export type TimelineSubject = { outletId: number } | { counterpartyId: number };

const KIND_RU: Record<string, string> = {
  contract: 'Договор',
  terms: 'Условия',
  agreement: 'Доп. соглашение',
  approval: 'Согласование',
  activity: 'Визиты',
  penalty: 'Штраф',
  amnesty: 'Амнистия',
  payment: 'Оплата',
  document: 'Документ',
};

/** `outlet:12` / `counterparty:7` from the hash into a subject. */
export function parseSubject(text: string | null): TimelineSubject | null {
  const m = text ? /^(outlet|counterparty):(\d+)$/.exec(text) : null;
  if (!m) return null;
  return m[1] === 'outlet' ? { outletId: Number(m[2]) } : { counterpartyId: Number(m[2]) };
}

type Found = { kind: 'outlet' | 'counterparty'; id: number; label: string };

/** Finds outlets (by code or name) and counterparties (by INN or name) to open a timeline for. */
function SubjectSearch({ onPick }: { onPick: (s: TimelineSubject) => void }) {
  const { api } = useStore();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) return setFound([]);
    const timer = setTimeout(() => {
      Promise.all([
        api.invoke('outlets.list', { search: q, limit: 5 }).catch(() => ({ rows: [] })),
        api.invoke('counterparties.list', { search: q, limit: 5 }).catch(() => ({ rows: [] })),
      ]).then(([o, c]) => {
        const rows = [
          ...(o.rows as { id: number; code: string; name: string }[]).map((r) => ({ kind: 'outlet' as const, id: r.id, label: `ТТ ${r.code} · ${r.name}` })),
          ...(c.rows as { id: number; inn: string; name: string }[]).map((r) => ({ kind: 'counterparty' as const, id: r.id, label: `${r.name} · ИНН ${r.inn}` })),
        ];
        setFound(rows);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [api, text]);
  return (
    <div className="dash-subject-search">
      <input type="search" placeholder="Код ТТ, название, ИНН контрагента…" value={text} onChange={(e) => setText(e.target.value)} aria-label="Найти точку или контрагента" />
      {found.length > 0 && (
        <ul>
          {found.map((f) => (
            <li key={`${f.kind}-${f.id}`}>
              <button className="btn-link" onClick={() => onPick(f.kind === 'outlet' ? { outletId: f.id } : { counterpartyId: f.id })}>
                {f.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Хронология: every event of an outlet or a counterparty in date order. */
export function TimelinePanel({ subject, onSubject, onClose }: { subject: TimelineSubject | null; onSubject: (s: TimelineSubject) => void; onClose: () => void }) {
  const { api } = useStore();
  const [data, setData] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    if (subject) api.invoke('dashboard.timeline', subject).then(setData, (e: Error) => setError(e.message));
  }, [api, subject]);
  return (
    <aside className="card dash-timeline" data-testid="timeline-panel">
      <div className="card-head">
        <div>
          <h2>Хронология</h2>
          {data && (
            <p className="muted dash-note">
              {data.subject.kind === 'outlet' ? 'Точка' : 'Контрагент'} {data.subject.name} ({data.subject.code}); {data.subject.detail}
            </p>
          )}
        </div>
        <button className="btn btn-link" onClick={onClose} aria-label="Закрыть">
          ✕
        </button>
      </div>
      <SubjectSearch onPick={onSubject} />
      {error && <div className="banner banner-error">{error}</div>}
      {!subject && <p className="muted">Найдите точку или контрагента, чтобы увидеть договоры, визиты, штрафы, амнистии, выплаты и документы по порядку.</p>}
      {data && data.events.length === 0 && <p className="muted">Событий нет.</p>}
      {data && (
        <ol className="dash-events">
          {data.events.map((e, i) => (
            <li key={i} className={`dash-ev dash-ev-${e.kind}`}>
              <span className="dash-ev-date">{formatDate(e.date)}</span>
              <span className="dash-ev-kind">{KIND_RU[e.kind] ?? e.kind}</span>
              <span className="dash-ev-title">
                {e.title}
                {e.detail && <span className="muted"> — {e.detail}</span>}
              </span>
              <span className="dash-ev-amount">{e.amount !== undefined ? formatMoney(e.amount) : ''}</span>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
