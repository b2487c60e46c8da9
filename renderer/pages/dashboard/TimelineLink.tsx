import { openSection } from './drill';

/** «Хронология» button for master-data cards: opens the dashboard's timeline of this outlet or counterparty. */
export function TimelineLink({ kind, id }: { kind: 'outlet' | 'counterparty'; id: number }) {
  return (
    <button className="btn" onClick={() => openSection('dashboard', { timeline: `${kind}:${id}` })} data-testid="timeline-link">
      Хронология
    </button>
  );
}
