import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { ApiError } from '../../api/client';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { DelegationPanel } from '../delegation/DelegationPanel';
import { INBOX_COLUMNS, type InboxRow } from './columns';
import { ContractCard, IssueList } from './ContractCard';

/** Согласования: my pending steps (own and delegated), overdue first, with the contract card and the decision box. */
export const ApprovalsPage = observer(function ApprovalsPage() {
  const { api, session } = useStore();
  const [total, setTotal] = useState<number | null>(null);
  const [current, setCurrent] = useState<InboxRow | null>(null);
  const [selection, setSelection] = useState<InboxRow[]>([]);
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [issues, setIssues] = useState<{ message: string }[]>([]);
  const [delegations, setDelegations] = useState(false);

  const fetchPage = useCallback((req: GridRequest) => api.invoke('approvals.inbox', req), [api]);
  const changed = (text: string) => {
    setNotice(text);
    setIssues([]);
    setCurrent(null);
    setSelection([]);
    setRefresh((n) => n + 1);
  };

  const bulkApprove = async () => {
    try {
      const r = await api.invoke('approvals.bulkApprove', { stepIds: selection.map((s) => s.stepId) });
      changed(`Согласовано этапов: ${Array.isArray(r) ? r.length : selection.length}`);
    } catch (e) {
      setIssues(e instanceof ApiError ? ((e.details?.issues as { message: string }[] | undefined) ?? [{ message: e.message }]) : [{ message: String(e) }]);
    }
  };

  return (
    <div className="page-grid">
      <div className="toolbar">
        <p className="hint">
          Этапы, которые ждут вашего решения (в том числе за тех, кого вы замещаете). Просроченные — сверху и выделены. Выберите строку и
          нажмите Ctrl+Enter, чтобы согласовать.
        </p>
        {selection.length > 0 && (
          <button className="btn btn-primary" onClick={() => void bulkApprove()}>
            Согласовать выбранные ({selection.length})
          </button>
        )}
        {total !== null && (
          <span className="count" data-testid="inbox-total">
            Ждут решения: {total}
          </span>
        )}
        {session.can('approvals.delegate') && (
          <button className="btn" onClick={() => setDelegations(true)}>
            Замещения
          </button>
        )}
      </div>
      {notice && <div className="banner banner-ok">{notice}</div>}
      {issues.length > 0 && <IssueList issues={issues} />}
      <div className="split">
        <ServerGrid<InboxRow>
          testId="inbox-grid"
          columns={INBOX_COLUMNS}
          fetchPage={fetchPage}
          onTotal={setTotal}
          refreshKey={refresh}
          refreshOn={['approvals']}
          getRowId={(r) => String(r.stepId)}
          onRowClicked={setCurrent}
          onSelectionChanged={setSelection}
          rowClassRules={{ 'row-overdue': (p) => !!p.data?.overdue }}
          emptyText="Нет этапов, ожидающих вашего решения."
        />
        {current && (
          <aside className="detail detail-wide">
            <ContractCard contractId={current.contractId} onClose={() => setCurrent(null)} reloadKey={refresh}>
              <DecisionBox step={current} onDone={changed} />
            </ContractCard>
          </aside>
        )}
      </div>
      {/* Closing the panel reloads the inbox, so steps of someone who named me as substitute meanwhile show up. */}
      {delegations && <DelegationPanel onClose={() => (setDelegations(false), setRefresh((n) => n + 1))} />}
    </div>
  );
});

/** Approve / return / reject / comment one step; return and reject need a comment (the core checks it too). */
const DecisionBox = observer(function DecisionBox({ step, onDone }: { step: InboxRow; onDone: (text: string) => void }) {
  const { api } = useStore();
  const [comment, setComment] = useState('');
  const [issues, setIssues] = useState<{ message: string }[]>([]);
  const boxRef = useRef<HTMLDivElement>(null);

  const decide = useCallback(
    async (decision: 'approve' | 'return' | 'reject' | 'comment') => {
      setIssues([]);
      try {
        await api.invoke('approvals.decide', { stepId: step.stepId, decision, comment: comment || undefined });
        const text = { approve: 'Согласовано', return: 'Возвращено инициатору', reject: 'Отклонено', comment: 'Комментарий добавлен' }[decision];
        onDone(`${text}: договор ${step.contractNumber}`);
      } catch (e) {
        setIssues(e instanceof ApiError ? ((e.details?.issues as { message: string }[] | undefined) ?? [{ message: e.message }]) : [{ message: String(e) }]);
      }
    },
    [api, comment, onDone, step],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void decide('approve');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide]);

  return (
    <div className="decision-box" ref={boxRef} aria-label="Решение по этапу">
      <div className="muted">
        Этап {step.stepNo} из {step.stepsTotal}
        {step.actingForName ? ` · вы действуете за ${step.actingForName}` : ''}
        {step.overdue ? ' · просрочен' : ''}
      </div>
      <textarea
        placeholder="Комментарий (обязателен, чтобы вернуть или отклонить)"
        aria-label="Комментарий"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        rows={2}
      />
      {issues.length > 0 && <IssueList issues={issues} />}
      <div className="actions">
        <button className="btn btn-primary" onClick={() => void decide('approve')} title="Ctrl+Enter">
          Согласовать
        </button>
        <button className="btn" onClick={() => void decide('return')}>
          Вернуть
        </button>
        <button className="btn btn-danger" onClick={() => void decide('reject')}>
          Отклонить
        </button>
        <button className="btn btn-link" onClick={() => void decide('comment')}>
          Комментировать
        </button>
      </div>
    </div>
  );
});
