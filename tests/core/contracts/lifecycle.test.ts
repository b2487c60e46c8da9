import { describe, expect, it } from 'vitest';
import {
  canTransition,
  CONTRACT_STATUSES,
  nextStatus,
  statusOnDate,
  type ContractAction,
  type ContractStatus,
} from '../../../core/contracts/lifecycle';
import { transitionContract } from '../../../core/contracts/status';
import { insertContract, makeWorld, NOW } from './fixtures';

// DOMAIN.md "Contract" lifecycle, written out independently of lifecycle.ts: action → (from → to).
const EXPECTED: Record<ContractAction, Partial<Record<ContractStatus, ContractStatus>>> = {
  submit: { draft: 'on_approval' },
  recall: { on_approval: 'draft' },
  return: { on_approval: 'draft' },
  reject: { on_approval: 'rejected' },
  approve: { on_approval: 'approved' },
  sign: { approved: 'signed' },
  activate: { signed: 'active' },
  expire: { signed: 'expired', active: 'expired' },
  terminate: { signed: 'terminated', active: 'terminated' },
};
const ACTIONS = Object.keys(EXPECTED) as ContractAction[];
const cases = ACTIONS.flatMap((action) => CONTRACT_STATUSES.map((from) => ({ action, from, to: EXPECTED[action][from] })));

describe('lifecycle table', () => {
  it.each(cases.filter((c) => c.to))('$action: $from → $to is allowed', ({ action, from, to }) => {
    expect(canTransition(from, action)).toBe(true);
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each(cases.filter((c) => !c.to))('$action from $from is refused with a Russian message', ({ action, from }) => {
    expect(canTransition(from, action)).toBe(false);
    expect(() => nextStatus(from, action)).toThrow(/^Нельзя .+ договор в статусе «.+»$/);
  });

  it('has terminal statuses with no way out', () => {
    for (const s of ['expired', 'terminated', 'rejected'] as const) expect(ACTIONS.filter((a) => canTransition(s, a))).toEqual([]);
  });
});

describe('transitionContract on the store', () => {
  it.each(cases.filter((c) => c.to))('$action moves a $from contract to $to', ({ action, from, to }) => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', status: from });
    const extra = action === 'sign' ? { signedDate: '2026-12-01' } : action === 'terminate' ? { terminatedDate: '2027-03-31' } : {};
    expect(transitionContract(w.db, id, action, NOW, extra)).toEqual({ from, to });
    const row = w.db.prepare('SELECT status, signed_date, terminated_date, updated_at FROM contracts WHERE id = ?').get(id);
    expect(row).toEqual({
      status: to,
      signed_date: action === 'sign' ? '2026-12-01' : null,
      terminated_date: action === 'terminate' ? '2027-03-31' : null,
      updated_at: NOW,
    });
  });

  it('refuses a disallowed move and leaves the row as it was', () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', status: 'draft' });
    expect(() => transitionContract(w.db, id, 'sign', NOW, { signedDate: '2026-12-01' })).toThrow('Нельзя отметить подписанным договор в статусе «Черновик»');
    expect(w.db.prepare('SELECT status, signed_date FROM contracts WHERE id = ?').get(id)).toEqual({ status: 'draft', signed_date: null });
    expect(() => transitionContract(w.db, 999, 'submit', NOW)).toThrow('Договор не найден');
  });
});

describe('statusOnDate', () => {
  it.each([
    ['signed', '2026-12-02', 'signed'],
    ['signed', '2027-01-01', 'active'],
    ['active', '2027-12-31', 'active'],
    ['active', '2028-01-01', 'expired'],
    ['signed', '2028-01-01', 'expired'],
    ['expired', '2027-06-01', 'active'],
    ['draft', '2027-06-01', 'draft'],
    ['terminated', '2027-06-01', 'terminated'],
  ] as const)('%s on %s → %s', (status, today, want) => {
    expect(statusOnDate(status, '2027-01-01', '2027-12-31', today)).toBe(want);
  });
});
