import { observer } from 'mobx-react-lite';
import { useState, type ReactNode } from 'react';
import { ServerGrid, type ServerGridProps } from '../../grid/ServerGrid';
import { ToolbarActions } from './ToolbarActions';

/**
 * A master-data tab: the toolbar (the tab's own search and filters, then the row count, Импорт and «+ New»), the paged
 * grid, and beside it the card panel while one is open (`card` null: none). A row click opens that record's card.
 */
function RecordsLayoutInner<R extends { id: number }>(props: {
  filters: ReactNode;
  actions: { countTestId: string; newLabel: string; canWrite: boolean; onNew: () => void };
  grid: Omit<ServerGridProps<R>, 'onTotal' | 'getRowId' | 'onRowClicked'>;
  onOpen: (id: number) => void;
  card: { label: string; testId: string; content: ReactNode } | null;
}) {
  const [total, setTotal] = useState<number | null>(null);
  return (
    <div className="page-grid md-tab">
      <div className="toolbar">
        {props.filters}
        <ToolbarActions total={total} {...props.actions} />
      </div>
      <div className="split">
        <ServerGrid<R> {...props.grid} onTotal={setTotal} getRowId={(r) => String(r.id)} onRowClicked={(r) => props.onOpen(r.id)} />
        {props.card && (
          <aside className="detail md-card" aria-label={props.card.label} data-testid={props.card.testId}>
            {props.card.content}
          </aside>
        )}
      </div>
    </div>
  );
}

export const RecordsLayout = observer(RecordsLayoutInner) as typeof RecordsLayoutInner;
