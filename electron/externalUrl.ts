// Pure: no electron import, so vitest can check it directly.

// Longer strings are not links a user clicked; refusing them keeps the OS handler away from odd payloads.
const MAX_URL_LENGTH = 2048;

/** True only for an absolute http(s) URL: the one kind the OS may be asked to open. */
export function isSafeExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Decide on the parsed protocol only: substring checks are what `https://x/?next=app://y` bypasses.
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}
