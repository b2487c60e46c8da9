import { makeAutoObservable } from 'mobx';
import { MESSAGES, type Locale, type MessageKey } from '../i18n/messages';

export const SECTIONS = [
  'dashboard',
  'contracts',
  'approvals',
  'import',
  'signals',
  'amnesty',
  'payments',
  'documents',
  'reference',
  'audit',
  'settings',
] as const;
export type Section = (typeof SECTIONS)[number];

const LOCALE_KEY = 'mcm.locale';

function sectionFromHash(hash: string): Section {
  const s = hash.replace(/^#\/?/, '').split(/[/?&]/)[0];
  return (SECTIONS as readonly string[]).includes(s) ? (s as Section) : 'dashboard';
}

/** Navigation and language: the state of the shell around the pages. */
export class UiStore {
  section: Section = sectionFromHash(window.location.hash);
  locale: Locale = (localStorage.getItem(LOCALE_KEY) as Locale | null) === 'en' ? 'en' : 'ru';

  constructor() {
    makeAutoObservable(this);
    window.addEventListener('hashchange', () => this.setSection(sectionFromHash(window.location.hash), false));
  }

  setSection(section: Section, push = true): void {
    this.section = section;
    if (push && sectionFromHash(window.location.hash) !== section) window.location.hash = `#/${section}`;
  }

  toggleLocale(): void {
    this.locale = this.locale === 'ru' ? 'en' : 'ru';
    localStorage.setItem(LOCALE_KEY, this.locale);
    document.documentElement.lang = this.locale;
  }

  t = (key: MessageKey): string => MESSAGES[this.locale][key];
}
