// Drill-through links: a dashboard number opens the grid behind it with the same month and area, written into the URL
// hash (`#/signals?tab=months&month=2026-09&fd=ЦФО`) so the target page reads its filters on mount and the link can be
// copied.
import type { Section } from '../../stores/UiStore';

/** The query part of the current hash as a map. */
export function hashParams(): URLSearchParams {
  const h = window.location.hash;
  const i = h.indexOf('?');
  return new URLSearchParams(i >= 0 ? h.slice(i + 1) : '');
}

/** Opens a section with filters in the hash; the shell's hashchange listener switches the page. */
export function openSection(section: Section, params: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  window.location.hash = `#/${section}${s ? `?${s}` : ''}`;
}

/** The area filter of a dashboard query, as both the commands and the hash name it. */
export interface AreaFilter {
  federalDistrict?: string;
  regionCode?: string;
}

/** Hash parameters of an area. */
export function areaParams(a: AreaFilter): Record<string, string | undefined> {
  return { fd: a.federalDistrict, rg: a.regionCode };
}

/** The area written in the hash, if any. */
export function areaFromHash(p: URLSearchParams = hashParams()): AreaFilter {
  return { federalDistrict: p.get('fd') || undefined, regionCode: p.get('rg') || undefined };
}
