import { describe, expect, it } from 'vitest';
import { approvalsMissing, isQuorumMet, median, percentile } from '../../../core/approvals/quorum';
import { selectRoute, validateRouteTable, type RouteRuleDef } from '../../../core/approvals/route';
import { addWorkingHours, moscowDate, moscowMonth } from '../../../core/approvals/workingHours';

// The two rules migration 003 ships.
const DEFAULT_RULES = [
  { id: 2, priority: 100, name: 'Стандартный маршрут', category: null, federalDistrict: null, regionCode: null, annualValueOver: null, isActive: true },
  { id: 1, priority: 10, name: 'Крупный договор', category: null, federalDistrict: null, regionCode: null, annualValueOver: 60_000_000, isActive: true },
];
const facts = (annualValue: number, more: Partial<{ category: string; federalDistrict: string; regionCode: string }> = {}) => ({
  category: 'BEVERAGES',
  federalDistrict: 'ПФО',
  regionCode: '16',
  annualValue,
  ...more,
});

describe('selectRoute', () => {
  it('sends exactly 600 000 ₽ a year the standard way and 600 000,01 ₽ to the director', () => {
    expect(selectRoute(DEFAULT_RULES, facts(60_000_000))?.id).toBe(2);
    expect(selectRoute(DEFAULT_RULES, facts(60_000_001))?.id).toBe(1);
    expect(selectRoute(DEFAULT_RULES, facts(0))?.id).toBe(2);
  });

  it('takes the first active rule by priority whose every condition holds', () => {
    const rules = [
      ...DEFAULT_RULES,
      { id: 3, priority: 5, name: 'Татарстан, снеки', category: 'SNACKS', federalDistrict: null, regionCode: '16', annualValueOver: null, isActive: true },
      { id: 4, priority: 6, name: 'ПФО', category: null, federalDistrict: 'ПФО', regionCode: null, annualValueOver: null, isActive: true },
      { id: 5, priority: 1, name: 'Выключено', category: null, federalDistrict: null, regionCode: null, annualValueOver: null, isActive: false },
    ];
    expect(selectRoute(rules, facts(1, { category: 'SNACKS' }))?.id).toBe(3);
    expect(selectRoute(rules, facts(1, { category: 'SNACKS', regionCode: '52' }))?.id).toBe(4);
    expect(selectRoute(rules, facts(100_000_000, { category: 'DAIRY', federalDistrict: 'ЦФО', regionCode: '77' }))?.id).toBe(1);
    expect(selectRoute(rules.filter((r) => r.id !== 2), facts(1, { federalDistrict: 'ЦФО', regionCode: '77' }))).toBeUndefined();
  });
});

describe('addWorkingHours (Mon–Fri 09:00–18:00 Moscow, UTC+3)', () => {
  // 2026-12-03 is a Thursday; times in the names are Moscow time.
  it.each([
    ['Thu 13:00 + 8 h → Fri 12:00', '2026-12-03T10:00:00.000Z', 8, '2026-12-04T09:00:00.000Z'],
    ['Thu 13:00 + 5 h → Thu 18:00 (end of day, not next morning)', '2026-12-03T10:00:00.000Z', 5, '2026-12-03T15:00:00.000Z'],
    ['Fri 17:00 + 8 h → Mon 16:00', '2026-12-04T14:00:00.000Z', 8, '2026-12-07T13:00:00.000Z'],
    ['Fri 20:00 + 1 h → Mon 10:00', '2026-12-04T17:00:00.000Z', 1, '2026-12-07T07:00:00.000Z'],
    ['Sat 12:00 + 2 h → Mon 11:00', '2026-12-05T09:00:00.000Z', 2, '2026-12-07T08:00:00.000Z'],
    ['Sun 23:59 + 9 h → Mon 18:00', '2026-12-06T20:59:00.000Z', 9, '2026-12-07T15:00:00.000Z'],
    ['Mon 07:00 + 1 h → Mon 10:00', '2026-12-07T04:00:00.000Z', 1, '2026-12-07T07:00:00.000Z'],
    ['Fri 01:30 (Thu in UTC) + 1 h → Fri 10:00', '2026-12-03T22:30:00.000Z', 1, '2026-12-04T07:00:00.000Z'],
    ['Mon 09:00 + 45 h → Fri 18:00', '2026-12-07T06:00:00.000Z', 45, '2026-12-11T15:00:00.000Z'],
    ['Mon 09:00 + 46 h → next Mon 10:00', '2026-12-07T06:00:00.000Z', 46, '2026-12-14T07:00:00.000Z'],
    ['Thu 17:30 + 0.5 h → Thu 18:00', '2026-12-03T14:30:00.000Z', 0.5, '2026-12-03T15:00:00.000Z'],
    ['Thu 31.12 17:00 + 2 h → Fri 01.01 10:00 (no holiday calendar)', '2026-12-31T14:00:00.000Z', 2, '2027-01-01T07:00:00.000Z'],
    ['0 h → unchanged, even at night', '2026-12-05T21:00:00.000Z', 0, '2026-12-05T21:00:00.000Z'],
  ])('%s', (_name, start, hours, due) => {
    expect(addWorkingHours(start, hours)).toBe(due);
  });

  it('refuses nonsense', () => {
    expect(() => addWorkingHours('вчера', 1)).toThrow(RangeError);
    expect(() => addWorkingHours('2026-12-03T10:00:00Z', -1)).toThrow(RangeError);
  });

  it('knows the Moscow date and month of an instant', () => {
    expect(moscowDate('2026-12-03T20:59:59.000Z')).toBe('2026-12-03');
    expect(moscowDate('2026-12-03T21:00:00.000Z')).toBe('2026-12-04');
    expect(moscowMonth('2026-12-31T21:30:00.000Z')).toBe('2027-01');
  });
});

describe('quorum', () => {
  const rule = (quorum: 'any' | 'all' | 'n_of_m', quorumN: number | null = null, namedUserId: number | null = null) => ({
    quorum,
    quorumN,
    namedUserId,
  });

  it('any: the first approval completes the step', () => {
    expect(isQuorumMet(rule('any'), [], [1, 2])).toBe(false);
    expect(isQuorumMet(rule('any'), [2], [1, 2])).toBe(true);
  });

  it('all: every eligible person, counted once each', () => {
    expect(approvalsMissing(rule('all'), [1, 1], [1, 2, 3])).toBe(2);
    expect(isQuorumMet(rule('all'), [1, 3], [1, 2, 3])).toBe(false);
    expect(isQuorumMet(rule('all'), [3, 2, 1], [1, 2, 3])).toBe(true);
    // Nobody eligible any more (team disabled): one approval still decides, the step cannot hang forever.
    expect(isQuorumMet(rule('all'), [], [])).toBe(false);
    expect(isQuorumMet(rule('all'), [7], [])).toBe(true);
  });

  it('n_of_m: N distinct approvals', () => {
    expect(approvalsMissing(rule('n_of_m', 2), [5], [5, 6, 7])).toBe(1);
    expect(isQuorumMet(rule('n_of_m', 2), [5, 5], [5, 6, 7])).toBe(false);
    expect(isQuorumMet(rule('n_of_m', 2), [5, 7], [5, 6, 7])).toBe(true);
  });

  it('a named person decides alone, whatever the quorum', () => {
    expect(isQuorumMet(rule('all', null, 9), [1, 2], [9])).toBe(false);
    expect(isQuorumMet(rule('all', null, 9), [9], [9])).toBe(true);
  });
});

describe('percentiles (linear interpolation between closest ranks)', () => {
  it('computes median and p90 with worked numbers', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 90)).toBe(3.7);
    expect(median([2, 10, 3.5])).toBe(3.5);
    expect(percentile([2, 3.5, 10], 90)).toBeCloseTo(8.7, 10);
    expect(percentile([7_200_000, 12_600_000], 90)).toBe(12_060_000);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 9], 0)).toBe(1);
    expect(percentile([1, 9], 100)).toBe(9);
    expect(median([])).toBeNull();
    expect(() => percentile([1], 90.5)).toThrow(RangeError);
  });
});

describe('validateRouteTable', () => {
  const step = (stepNo: number, more: Partial<RouteRuleDef['steps'][number]> = {}) => ({
    stepNo,
    role: 'legal' as const,
    userId: null,
    dueHours: 8,
    quorum: 'any' as const,
    quorumN: null,
    ...more,
  });
  const rule = (more: Partial<RouteRuleDef> = {}): RouteRuleDef => ({
    priority: 100,
    name: 'Все',
    category: null,
    federalDistrict: null,
    regionCode: null,
    annualValueOver: null,
    isActive: true,
    steps: [step(1)],
    ...more,
  });

  it('accepts a sane table', () => {
    expect(validateRouteTable([rule({ priority: 1, category: 'SNACKS' }), rule()])).toEqual([]);
  });

  it('names each problem with its path', () => {
    const issues = validateRouteTable([
      rule({ priority: 1, name: 'A', category: 'SNACKS', steps: [step(1), step(3)] }),
      rule({ priority: 1, name: 'B', category: 'DAIRY', steps: [step(1, { quorum: 'n_of_m' })] }),
      rule({ priority: 2, name: 'C', category: 'DAIRY', steps: [] }),
      rule({ priority: 3, name: 'D', category: 'DAIRY', steps: [step(1, { quorum: 'n_of_m', quorumN: 2, userId: 5 })] }),
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      'rules.0.steps',
      'rules.1.priority',
      'rules.1.steps.0.quorumN',
      'rules.2.steps',
      'rules.3.steps.0.quorum',
      'rules',
    ]);
    expect(issues[5].message).toMatch(/без условий/);
  });

  it('lets inactive rules keep a priority an active rule uses', () => {
    expect(validateRouteTable([rule({ priority: 100, isActive: false, name: 'Старое' }), rule()])).toEqual([]);
  });
});
