import { PendingSection } from '../PendingSection';

/** Подключение: local database or a shared MCM server (issue 11). */
export function ConnectionPanel() {
  return <PendingSection />;
}
