import { PendingSection } from '../PendingSection';

/** Документы: UPDs, agreements and the Diadoc package. */
export function DocumentsPage() {
  return <PendingSection />;
}
