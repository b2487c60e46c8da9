// Where a signal's photo opens. Image-recognition files carry either a full web address or a path inside the photo
// storage (e.g. `ir/2026-09/V-123.jpg`); the storage's address is a setting, so the same file works in every office.

/** True for an absolute http(s) address, the only kind the UI may open. */
export function isWebAddress(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The address that opens a signal's photo, or null when there is none (no reference, or a path without storage). */
export function photoUrl(ref: string | null, baseUrl: string | undefined): string | null {
  const r = ref?.trim();
  if (!r) return null;
  if (isWebAddress(r)) return r;
  if (!baseUrl || !isWebAddress(baseUrl)) return null;
  // A base without the trailing slash would drop its last segment when resolving (`…/photos` + `a.jpg` → `…/a.jpg`).
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = new URL(r.replace(/\\/g, '/').replace(/^\/+/, ''), base);
  // `../` in a reference must not climb out of the storage.
  return url.href.startsWith(base) ? url.href : null;
}
