import { useCallback, useState } from 'react';
import { useEscape } from './useEscape';

/** What the right-hand panel shows: nothing, a record's card, its edit form, or the new-record form. */
export type Panel = { mode: 'view'; id: number } | { mode: 'edit'; id: number } | { mode: 'new' } | null;

/** What a tab hands its record panel: which record, how, and what to do on edit, save, cancel and close. */
export interface RecordPanelProps<T> {
  id: number;
  editing: boolean;
  reloadKey: number;
  saved: string | null;
  canWrite: boolean;
  onEdit: () => void;
  onSaved: (record: T) => void;
  onCancelEdit: () => void;
  onClose: () => void;
}

/**
 * The card panel of a master-data tab: which record it shows and how, the «saved» note of the last save, and a counter
 * that makes the grid re-read its page after a save. Escape steps back (edit → card → nothing).
 */
export function useCardPanel(savedText: string, canWrite: boolean) {
  const [panel, setPanel] = useState<Panel>(null);
  const [refresh, setRefresh] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  /** Shows another panel; the note of an earlier save does not follow it. */
  const show = useCallback((next: Panel) => {
    setSaved(null);
    setPanel(next);
  }, []);
  const close = useCallback(() => {
    setPanel((p) => (p?.mode === 'edit' ? { mode: 'view', id: p.id } : null));
    setSaved(null);
  }, []);
  useEscape(panel !== null, close);
  const onSaved = (record: { id: number }) => {
    setSaved(savedText);
    setPanel({ mode: 'view', id: record.id });
    setRefresh((n) => n + 1);
  };
  /** The props of the record panel for the record shown. */
  const recordProps = (id: number): RecordPanelProps<{ id: number }> => ({
    id,
    editing: panel?.mode === 'edit',
    reloadKey: refresh,
    saved,
    canWrite,
    onEdit: () => show({ mode: 'edit', id }),
    onSaved,
    onCancelEdit: () => setPanel({ mode: 'view', id }),
    onClose: () => show(null),
  });
  return { panel, refresh, show, close, onSaved, recordProps };
}
