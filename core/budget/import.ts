// The budget plan import: one row per federal district and month with an amount in rubles; upserts budget_plan.
// All-or-nothing through the shared import pipeline (core/import), with its row-level error report.
import type { MutationCtx } from '../command';
import type { ColumnSpec } from '../import/columns';
import type { ImportSpec } from '../import/result';
import { parseDateCell } from '../import/values';
import { parseRubles } from '../money';
import { isWholeCountry } from '../users/scope';

export const BUDGET_COLUMNS: ColumnSpec[] = [
  { key: 'federal_district', label: 'Федеральный округ', required: true, aliases: ['ФО', 'Округ', 'federal_district', 'district'] },
  { key: 'month', label: 'Месяц', required: true, aliases: ['Период', 'month'] },
  { key: 'amount', label: 'Сумма, ₽', required: true, aliases: ['Сумма', 'Сумма, руб.', 'Сумма руб', 'План', 'План, ₽', 'amount'] },
];

const MONTHS_RU = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];

/** Reads a month cell: `YYYY-MM`, `MM.YYYY`, a date (any day of the month), or «сентябрь 2026»; null if none fits. */
export function parseMonthCell(s: string): string | null {
  const t = s.trim().toLowerCase();
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(0?[1-9]|1[0-2])[./](\d{4})$/.exec(t);
  if (m) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^([а-яё]+)\s+(\d{4})(?:\s*г\.?)?$/.exec(t);
  if (m) {
    const word = m[1].replace(/ё/g, 'е');
    // «май»/«мая» share the stem «ма», so it is matched whole; the other stems are unique prefixes.
    const i = word === 'май' || word === 'мая' ? 4 : MONTHS_RU.findIndex((stem, k) => k !== 4 && word.startsWith(stem));
    return i < 0 ? null : `${m[2]}-${String(i + 1).padStart(2, '0')}`;
  }
  const date = parseDateCell(s);
  return date ? date.slice(0, 7) : null;
}

interface PlanRow {
  federalDistrict: string;
  month: string;
  amount: number;
}

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/** The budget plan import; `touched` collects the keys written, so the command can stamp them with the batch id. */
export function budgetPlanImport(ctx: MutationCtx, touched: { federalDistrict: string; month: string }[]): ImportSpec<PlanRow> {
  const districts = ctx.db.prepare('SELECT code, name FROM federal_districts').all() as { code: string; name: string }[];
  const byName = new Map<string, string>();
  for (const d of districts) {
    byName.set(norm(d.code), d.code);
    byName.set(norm(d.name), d.code);
    // «Центральный» alone is how people often write it.
    byName.set(norm(d.name.replace(/\s*федеральный округ\s*$/i, '')), d.code);
  }
  const scope = ctx.user?.scope;
  const find = ctx.db.prepare('SELECT amount FROM budget_plan WHERE federal_district = ? AND month = ?').pluck();
  const upsert = ctx.db.prepare(
    `INSERT INTO budget_plan (federal_district, month, amount, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (federal_district, month) DO UPDATE SET amount = excluded.amount, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
  );
  return {
    kind: 'budget_plan',
    title: 'Ошибки импорта плана бюджета',
    columns: BUDGET_COLUMNS,
    keyColumn: 'month',
    parse(row, fail) {
      const fd = byName.get(norm(row.federal_district));
      if (!row.federal_district.trim()) fail('federal_district', 'Укажите федеральный округ');
      else if (!fd) fail('federal_district', 'Неизвестный федеральный округ: укажите код (ЦФО, ПФО…) или полное название');
      else if (scope && !isWholeCountry(scope) && !scope.districts.includes(fd)) fail('federal_district', 'Федеральный округ вне вашей зоны');
      const month = parseMonthCell(row.month);
      if (!row.month.trim()) fail('month', 'Укажите месяц');
      else if (!month) fail('month', 'Месяц не распознан: ожидается ГГГГ-ММ, ММ.ГГГГ или дата');
      let amount: number | null = null;
      if (!row.amount.trim()) fail('amount', 'Укажите сумму');
      else {
        try {
          amount = parseRubles(row.amount);
          if (amount < 0) {
            fail('amount', 'Сумма плана не может быть отрицательной');
            amount = null;
          }
        } catch {
          fail('amount', 'Сумма не распознана: ожидаются рубли с копейками, например 1 500 000,50');
        }
      }
      return fd && month && amount !== null ? { federalDistrict: fd, month, amount } : null;
    },
    key: (r) => `${r.federalDistrict}|${r.month}`,
    classify(r) {
      const old = find.get(r.federalDistrict, r.month) as number | undefined;
      if (old === undefined) return 'added';
      return old === r.amount ? 'unchanged' : 'updated';
    },
    apply(r) {
      const before = find.get(r.federalDistrict, r.month) as number | undefined;
      upsert.run(r.federalDistrict, r.month, r.amount, ctx.user?.id ?? null, ctx.clock.now().toISOString());
      touched.push({ federalDistrict: r.federalDistrict, month: r.month });
      ctx.audit({
        entity: 'budget_plan',
        entityId: `${r.federalDistrict}|${r.month}`,
        before: before === undefined ? null : { ...r, amount: before },
        after: r,
      });
    },
  };
}
