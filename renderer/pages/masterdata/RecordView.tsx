import { observer } from 'mobx-react-lite';
import { useEffect, useState, type ReactNode } from 'react';
import type { CommandName, CommandOutput } from '../../../core/api';
import { useStore } from '../../stores/RootStore';
import { TimelineLink } from '../dashboard/TimelineLink';
import { CardHead } from './CardHead';

/** One record read by its `*.get` command, read again when `reloadKey` changes; the error is the core's message. */
export function useRecord<N extends 'counterparties.get' | 'outlets.get'>(name: N, id: number, reloadKey: number) {
  const { api } = useStore();
  const [record, setRecord] = useState<CommandOutput<N> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.invoke(name as CommandName, { id } as never).then(
      (r) => live && (setRecord(r as CommandOutput<N>), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, name, id, reloadKey]);
  return { record, error };
}

/**
 * A master-data card: title with «Хронология» and «Изменить», the note of the last save, the fields as label/value
 * rows (empty ones as «—»), then what the record adds (`after`), the read-only hint, and `children` (e.g. a sub-list).
 */
export const RecordView = observer(function RecordView(props: {
  title: string;
  sub: string;
  timeline: { kind: 'outlet' | 'counterparty'; id: number };
  canWrite: boolean;
  saved: string | null;
  rows: [string, string | null][];
  onEdit: () => void;
  onClose: () => void;
  after?: ReactNode;
  children?: ReactNode;
}) {
  const { ui } = useStore();
  const t = ui.t;
  return (
    <div className="md-view">
      <CardHead title={props.title} sub={props.sub} onClose={props.onClose}>
        <TimelineLink kind={props.timeline.kind} id={props.timeline.id} />
        {props.canWrite && (
          <button className="btn btn-primary" onClick={props.onEdit} autoFocus>
            {t('md.edit')}
          </button>
        )}
      </CardHead>
      {props.saved && (
        <div className="banner banner-ok" role="status">
          {props.saved}
        </div>
      )}
      <dl className="md-kv">
        {props.rows.map(([label, value]) => (
          <div key={label} className="md-kv-row">
            <dt>{label}</dt>
            <dd className={value ? undefined : 'muted'}>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
      {props.after}
      {!props.canWrite && <p className="muted">{t('md.readOnly')}</p>}
      {props.children}
    </div>
  );
});
