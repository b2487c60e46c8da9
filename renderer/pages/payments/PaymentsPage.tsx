import { PendingSection } from '../PendingSection';

/** Выплаты: registries, checks, exports and the budget. */
export function PaymentsPage() {
  return <PendingSection />;
}
