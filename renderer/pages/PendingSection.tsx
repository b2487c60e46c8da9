import { observer } from 'mobx-react-lite';
import { useStore } from '../stores/RootStore';

/** Empty state of a section whose screens are not built yet: says so plainly and where to look meanwhile. */
export const PendingSection = observer(function PendingSection() {
  const { ui } = useStore();
  return (
    <div className="page page-form">
      <div className="empty-state">
        <div className="empty-icon" aria-hidden>
          ◌
        </div>
        <p>{ui.t('section.pending')}</p>
        <div className="actions">
          <button className="btn" onClick={() => ui.setSection('audit')}>
            {ui.t('nav.audit')}
          </button>
          <button className="btn" onClick={() => ui.setSection('reference')}>
            {ui.t('nav.reference')}
          </button>
        </div>
      </div>
    </div>
  );
});
