import { observer } from 'mobx-react-lite';
import type { ReactNode } from 'react';
import { useStore } from '../../stores/RootStore';

/** The title row of a master-data card: title, optional actions (e.g. «Изменить»), close button (Escape does the same). */
export const CardHead = observer(function CardHead(props: { title: string; sub?: string; onClose: () => void; children?: ReactNode }) {
  const { title, sub, onClose } = props;
  const { ui } = useStore();
  return (
    <div className="md-card-head">
      <div>
        <h2>{title}</h2>
        {sub && <div className="muted">{sub}</div>}
      </div>
      <div className="md-card-actions">
        {props.children}
        <button className="btn btn-link md-close" onClick={onClose} title={ui.t('md.escHint')} aria-label={ui.t('common.close')}>
          ✕
        </button>
      </div>
    </div>
  );
});
