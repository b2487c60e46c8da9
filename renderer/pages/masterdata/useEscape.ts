import { useEffect } from 'react';

/**
 * Calls `onEscape` when Escape is pressed anywhere on the page while `active`, unless something nearer already
 * handled it: a grid filter popup, an open dialog, or a field that used the key itself (e.g. clearing a search box).
 */
export function useEscape(active: boolean, onEscape: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('.ag-popup, dialog, input[type=search]')) return;
      if (document.querySelector('.ag-popup .ag-menu, .ag-popup .ag-filter, dialog[open]')) return;
      onEscape();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active, onEscape]);
}
