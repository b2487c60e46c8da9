import { PendingSection } from '../PendingSection';

/** Резервные копии: create, list and restore backups of the database (issue 10). */
export function BackupPanel() {
  return <PendingSection />;
}
