// The live events a finished command announces to the windows, as the browser shell announces them over server-sent
// events (server/http.ts `announce`, server/events.ts): `changed` with the domains a mutation touched, `inbox` when
// approval steps may have moved. Pure: used by the local core's process (electron/coreRequests.ts), unit-tested.
import type { Envelope } from '../core/index';
import type { CoreEvent } from './coreProtocol';

// The same table as server/events.ts (the electron layer may not import the server's); a test keeps them equal.
// A mutation in one domain changes what other screens show: submitting a contract fills an approval inbox.
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

/** The events a finished command announces; none for queries, refusals and previews. `by`: who ran it, if known. */
export function changeEvents(command: string, envelope: Envelope, by: string | null): CoreEvent[] {
  if (!envelope.ok || !envelope.mutated) return [];
  // A preview (import checked, nothing written) is audited like a mutation but changes nothing anyone sees.
  if ((envelope.data as { committed?: unknown } | null)?.committed === false) return [];
  const domains = changedDomains(command);
  if (domains.length === 0) return [];
  const events: CoreEvent[] = [{ event: 'changed', payload: { domains, command, by } }];
  if (domains.includes('approvals')) events.push({ event: 'inbox', payload: { command, by } });
  return events;
}
