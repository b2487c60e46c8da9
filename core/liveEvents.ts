// Which screens a committed mutation changes, for the live events both shells send (server-sent events in the
// browser shell, the window's event channel on the desktop). Pure and tiny: the HTTP thread and Electron's main
// process use it without loading the core.

// A mutation in one domain changes what other screens show: submitting a contract fills an approval inbox,
// an amnesty changes penalties. Only domains a grid can refresh on are named.
const RELATED: Record<string, string[]> = {
  contracts: ['approvals', 'dashboard'],
  approvals: ['contracts', 'dashboard'],
  signals: ['penalties', 'dashboard'],
  amnesty: ['penalties', 'signals', 'dashboard'],
  penalties: ['dashboard'],
  payments: ['budget', 'dashboard'],
  budget: ['dashboard'],
  counterparties: ['contracts'],
  outlets: ['contracts'],
  delegation: ['approvals'],
};

// Commands of these domains change no shared data worth announcing (sign-in, preferences of one user).
const SILENT = new Set(['session', 'demo']);

/** The domains a successful mutation changed, from its name `domain.verbNoun`; empty when nothing to announce. */
export function changedDomains(command: string): string[] {
  const domain = command.split('.')[0];
  if (SILENT.has(domain)) return [];
  return [domain, ...(RELATED[domain] ?? [])];
}
