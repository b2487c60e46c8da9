import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/appUrl';

const POSIX_INDEX = 'file:///opt/MCM/resources/app.asar/dist/index.html';
const WIN_INDEX = 'file:///C:/Users/%D0%98%D0%B2%D0%B0%D0%BD/AppData/Local/Programs/MCM/resources/app.asar/dist/index.html';

describe('isAppUrl', () => {
  it('accepts our index page with any hash or query (the renderer routes by hash)', () => {
    expect(isAppUrl(POSIX_INDEX, POSIX_INDEX, false)).toBe(true);
    expect(isAppUrl(`${POSIX_INDEX}#/contracts/42`, POSIX_INDEX, false)).toBe(true);
    expect(isAppUrl(`${POSIX_INDEX}?x=1`, POSIX_INDEX, false)).toBe(true);
  });

  it('refuses other files, other schemes and network shares', () => {
    expect(isAppUrl('file:///opt/MCM/resources/app.asar/dist/other.html', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('https://opt/MCM/resources/app.asar/dist/index.html', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('file://evil-host/opt/MCM/resources/app.asar/dist/index.html', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('about:blank', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('file:///opt/MCM/resources/app.asar/dist/%E0%A4%A', POSIX_INDEX, false)).toBe(false);
  });

  it('does not let "../" or a prefix match smuggle in another file', () => {
    expect(isAppUrl('file:///opt/MCM/resources/app.asar/dist/x/../index.html', POSIX_INDEX, false)).toBe(true);
    expect(isAppUrl('file:///opt/MCM/resources/app.asar/dist/index.html.evil', POSIX_INDEX, false)).toBe(false);
    expect(isAppUrl('file:///opt/MCM/resources/app.asar/dist/index.html/../../secret.html', POSIX_INDEX, false)).toBe(false);
  });

  it('matches Cyrillic paths however they are encoded, and ignores case only where asked', () => {
    const chromiumStyle = 'file:///c:/users/Иван/AppData/Local/Programs/MCM/resources/app.asar/dist/index.html';
    expect(isAppUrl(chromiumStyle, WIN_INDEX, true)).toBe(true);
    expect(isAppUrl(chromiumStyle, WIN_INDEX, false)).toBe(false);
    expect(isAppUrl(POSIX_INDEX.toUpperCase().replace('FILE:', 'file:'), POSIX_INDEX, false)).toBe(false);
  });
});
