import { observer } from 'mobx-react-lite';
import { useStore } from '../stores/RootStore';

/** "Записей: 1 234" beside a grid's toolbar, once the core has said how many rows match; nothing before that. */
export const GridCount = observer(function GridCount({ label, total, testId }: { label: string; total: number | null; testId?: string }) {
  const { ui } = useStore();
  if (total === null) return null;
  return (
    <span className="count" data-testid={testId}>
      {label}: {total.toLocaleString(ui.locale === 'ru' ? 'ru-RU' : 'en-US')}
    </span>
  );
});
