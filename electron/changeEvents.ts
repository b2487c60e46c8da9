// The live events a finished command announces to the windows, as the browser shell announces them over server-sent
// events (server/http.ts `announce`, server/events.ts): `changed` with the domains a mutation touched, `inbox` when
// approval steps may have moved. Pure: used by the local core's process (electron/coreRequests.ts), unit-tested.
import type { Envelope } from '../core/index';
import { changedDomains } from '../core/liveEvents';
import type { CoreEvent } from './coreProtocol';

export { changedDomains };

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
