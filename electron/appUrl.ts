// Pure: no electron import, so vitest can check it directly.

function decodedPath(u: URL): string | null {
  try {
    return decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
}

// caseInsensitive is for Windows, where Chromium may report the drive letter or folders in another case.
/** True when `url` is the app's own page `appIndexUrl`: the same file, any query or hash. */
export function isAppUrl(url: string, appIndexUrl: string, caseInsensitive: boolean): boolean {
  let candidate: URL;
  let own: URL;
  try {
    candidate = new URL(url);
    own = new URL(appIndexUrl);
  } catch {
    return false;
  }
  if (candidate.protocol !== 'file:' || own.protocol !== 'file:') return false;
  // A host in a file URL is a network share (file://server/share): never ours.
  if (candidate.host !== own.host) return false;
  const a = decodedPath(candidate);
  const b = decodedPath(own);
  if (a === null || b === null) return false;
  return caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
}
