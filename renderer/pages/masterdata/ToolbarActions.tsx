import { observer } from 'mobx-react-lite';
import { GridCount } from '../../grid/GridCount';
import { useStore } from '../../stores/RootStore';

/** Right side of a master-data toolbar: the row count, a link to Импорт, and «+ New» for those who may write. */
export const ToolbarActions = observer(function ToolbarActions(props: {
  total: number | null;
  countTestId: string;
  newLabel: string;
  canWrite: boolean;
  onNew: () => void;
}) {
  const { ui, session } = useStore();
  const t = ui.t;
  return (
    <>
      <span className="md-spacer" />
      <GridCount label={t('md.total')} total={props.total} testId={props.countTestId} />
      {session.can('import.masterData') && (
        <button className="btn btn-link" onClick={() => ui.setSection('import')}>
          {t('md.importLink')}
        </button>
      )}
      {props.canWrite && (
        <button className="btn btn-primary" onClick={props.onNew}>
          + {props.newLabel}
        </button>
      )}
    </>
  );
});
