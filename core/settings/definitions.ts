import { parseRubles } from '../money';
import { isWebAddress } from '../signals/photo';
import { validateBik, validateCorrAccount, validateInn, validateKpp, validateOgrn, validateSettlementAccount } from '../requisites';

type Check = (value: string, all: Record<string, string>) => string | null;

export interface SettingDef {
  key: string;
  label: string;
  /** Returns a Russian reason when the value is refused. */
  check?: Check;
  /** What applies while nobody has set it (shown as such, never written). */
  defaultValue?: string;
}

const result = (r: { ok: true } | { ok: false; reason: string }) => (r.ok ? null : r.reason);
const maxLen = (n: number): Check => (v) => (v.length > n ? `Не длиннее ${n} символов` : null);
const wholeBetween = (min: number, max: number): Check => (v) =>
  /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max ? null : `Целое число от ${min} до ${max}`;

/** The company's own requisites (DOMAIN.md "Company settings"), validated like a counterparty's. */
export const SETTING_DEFS: SettingDef[] = [
  { key: 'company.name', label: 'Наименование компании', check: maxLen(500) },
  { key: 'company.inn', label: 'ИНН компании', check: (v) => result(validateInn(v, 'ЮЛ')) },
  { key: 'company.kpp', label: 'КПП компании', check: (v) => result(validateKpp(v)) },
  { key: 'company.ogrn', label: 'ОГРН компании', check: (v) => result(validateOgrn(v, 'ЮЛ')) },
  { key: 'company.address', label: 'Адрес компании', check: maxLen(1000) },
  { key: 'company.bik', label: 'БИК банка', check: (v) => result(validateBik(v)) },
  {
    key: 'company.account',
    label: 'Расчётный счёт',
    check: (v, all) =>
      all['company.bik'] ? result(validateSettlementAccount(v, all['company.bik'])) : 'Сначала укажите БИК банка',
  },
  {
    key: 'company.corr_account',
    label: 'Корреспондентский счёт',
    check: (v, all) =>
      all['company.bik'] ? result(validateCorrAccount(v, all['company.bik'])) : 'Сначала укажите БИК банка',
  },
  { key: 'company.bank_name', label: 'Наименование банка', check: maxLen(500) },
  { key: 'company.edo_id', label: 'Идентификатор участника ЭДО (Диадок)', check: maxLen(100) },
  {
    key: 'company.signer_name',
    label: 'Подписант (Фамилия Имя Отчество)',
    check: (v) => (/^\S+\s+\S+(\s+\S+)?$/.test(v.trim()) ? null : 'Укажите фамилию, имя и (если есть) отчество через пробел'),
  },
  { key: 'company.signer_position', label: 'Должность подписанта', check: maxLen(300) },
  {
    // Photo references from image recognition are paths inside this storage (issue 4: «Фото» opens the evidence).
    key: 'signals.photo_base_url',
    label: 'Адрес хранилища фото визитов (для ссылок «Фото»)',
    check: (v) => (isWebAddress(v) ? null : 'Укажите адрес вида https://photos.example.ru/ir/'),
  },
  {
    // Four eyes (DOMAIN.md "Amnesty"): an amnesty removing more than this waits for a second person; 50 000 ₽ when unset.
    key: 'amnesty.threshold',
    label: 'Порог подтверждения амнистии вторым лицом, ₽',
    defaultValue: '50 000',
    check: (v) => {
      try {
        return parseRubles(v) > 0 ? null : 'Укажите сумму больше нуля';
      } catch {
        return `Неверная сумма: «${v}» (например, 50 000 или 50000,00)`;
      }
    },
  },
  {
    // Payment hold (issue 6): a counterparty whose bank details changed this many days ago or less is left out of
    // payment registries until a second person confirms the change; 30 days when unset.
    key: 'payments.bank_change_hold_days',
    label: 'Задержка выплат после смены банковских реквизитов, дней',
    defaultValue: '30',
    check: (v) => (/^\d{1,3}$/.test(v.trim()) ? null : 'Укажите целое число дней от 0 до 999'),
  },
  // Team mode (issue 11): idle timeout and lockout after wrong passwords, read by core/session/policy.ts.
  { key: 'session.idle_minutes', label: 'Завершать сеанс после бездействия, минут', defaultValue: '30', check: wholeBetween(1, 720) },
  { key: 'session.lockout_failures', label: 'Блокировать вход после неудачных попыток подряд', defaultValue: '5', check: wholeBetween(1, 100) },
  { key: 'session.lockout_minutes', label: 'Длительность блокировки входа, минут', defaultValue: '15', check: wholeBetween(1, 1440) },
];

/** Looks up a setting's definition; undefined for an unknown key. */
export function settingDef(key: string): SettingDef | undefined {
  return SETTING_DEFS.find((d) => d.key === key);
}
