import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../electron/externalUrl';

describe('isSafeExternalUrl', () => {
  it('allows absolute http and https links', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true);
    expect(isSafeExternalUrl('https://example.com/path?q=1#frag')).toBe(true);
    expect(isSafeExternalUrl('http://example.com:8080/')).toBe(true);
    expect(isSafeExternalUrl('HTTPS://EXAMPLE.COM/')).toBe(true);
  });

  it.each([
    ['file:///etc/passwd'],
    ['file://C:/Windows/System32/calc.exe'],
    ['javascript:alert(1)'],
    ['JavaScript:alert(document.domain)'],
    ['ms-msdt:/id PCWDiagnostic /skip force /param "IT_RebrowseForFile=?"'],
    ['smb://host/x'],
    ['\\\\host\\share\\x.exe'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['app://actual/'],
    ['mailto:a@example.com'],
    ['ftp://example.com/file'],
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('decides by the parsed protocol, not by what the string contains', () => {
    // The bypass of substring checks (`url.includes('app://')`): allowed here only because the protocol is https.
    expect(isSafeExternalUrl('https://example.invalid/?next=app://x')).toBe(true);
    // The reverse: "https://" inside a dangerous URL does not make it safe.
    expect(isSafeExternalUrl('file:///tmp/https://example.com')).toBe(false);
    expect(isSafeExternalUrl('javascript://https://example.com/%0aalert(1)')).toBe(false);
    expect(isSafeExternalUrl(' javascript:alert(1)')).toBe(false);
  });

  it.each([[''], ['   '], ['not a url'], ['example.com'], ['//example.com/x'], ['https://'], ['http:'], ['%%%'], ['https://' + 'a'.repeat(3000) + '.com']])(
    'refuses garbage %j',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(false);
    },
  );

  it('refuses non-strings passed through untyped code', () => {
    expect(isSafeExternalUrl(undefined as unknown as string)).toBe(false);
    expect(isSafeExternalUrl({ toString: () => 'https://example.com' } as unknown as string)).toBe(false);
  });
});
