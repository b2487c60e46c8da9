import { afterEach, describe, expect, it, vi } from 'vitest';
import { cmdContracts } from '../../../cli/contracts';
import { insertContract, makeWorld, NOW } from './fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStdout(): () => string {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return () => out;
}

describe('mcm contracts list', () => {
  it('prints CSV with kopecks as integers, sorted by number, filtered by status', async () => {
    const w = makeWorld();
    insertContract(w, { number: 'MK-2', status: 'active', monthlyFee: 1_500_050, outlets: ['TT-001'] });
    insertContract(w, { number: 'MK-1, "старый"', status: 'expired', startDate: '2025-01-01', endDate: '2025-12-31', outlets: ['TT-002'] });
    insertContract(w, { number: 'MK-3', status: 'draft', outlets: ['TT-003'] });
    const out = captureStdout();
    expect(await cmdContracts(w.t.core, { system: true }, ['list'], { format: 'csv', status: 'active,expired' })).toBe(0);
    expect(out()).toBe(
      'contract_no,counterparty_inn,category,start_date,end_date,status,monthly_fee\n' +
        '"MK-1, ""старый""",7707083893,BEVERAGES,2025-01-01,2025-12-31,expired,1500000\n' +
        'MK-2,7707083893,BEVERAGES,2027-01-01,2027-12-31,active,1500050\n',
    );
  });

  it('pages through more than one page and prints an aligned table', async () => {
    const w = makeWorld();
    w.db.transaction(() => {
      for (let i = 1; i <= 1005; i++) insertContract(w, { number: `MK-${String(i).padStart(4, '0')}`, outlets: [], monthlyFee: i * 100 });
    })();
    const out = captureStdout();
    expect(await cmdContracts(w.t.core, { system: true }, ['list'], {})).toBe(0);
    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^number\s+counterpartyInn\s+counterpartyName\s+category\s+startDate\s+endDate\s+statusName\s+fee\s+regionName$/);
    expect(lines[2]).toMatch(/^MK-0001\s+7707083893\s+ООО «Ромашка»\s+BEVERAGES\s+2027-01-01\s+2027-12-31\s+Черновик\s+1\.00$/);
    expect(lines.at(-2)).toMatch(/^MK-1005 .* 1005\.00$/);
    expect(lines.at(-1)).toBe('Всего договоров: 1005');
  });

  it('refuses an unknown action or format', async () => {
    const w = makeWorld();
    await expect(cmdContracts(w.t.core, { system: true }, ['show'], {})).rejects.toThrow('Использование: mcm contracts list');
    await expect(cmdContracts(w.t.core, { system: true }, ['list'], { format: 'json' })).rejects.toThrow('Неизвестный формат «json»');
  });
});

describe('contracts.get: approvals from the workflow tables', () => {
  it('shows each run with its steps and decisions, with user names', async () => {
    const w = makeWorld();
    const id = insertContract(w, { number: 'MK-1', status: 'on_approval' });
    const inst = Number(
      w.db
        .prepare("INSERT INTO approval_instances (contract_id, route_id, annual_value, submitted_by, submitted_at, status) VALUES (?, 2, 18000000, ?, ?, 'in_progress')")
        .run(id, w.users.mgr, NOW).lastInsertRowid,
    );
    const step = (no: number, role: string, status: string) =>
      Number(w.db.prepare("INSERT INTO approval_steps (instance_id, step_no, role, quorum, due_hours, status, activated_at) VALUES (?, ?, ?, 'any', 8, ?, ?)").run(inst, no, role, status, NOW).lastInsertRowid);
    const s1 = step(1, 'manager', 'approved');
    step(2, 'assistant', 'pending');
    w.db.prepare("INSERT INTO approval_decisions (step_id, user_id, on_behalf_of, decision, comment, at) VALUES (?, ?, ?, 'approve', 'ок', ?)").run(s1, w.users.mgr77, w.users.mgr, NOW);
    const card = await w.ok('adm', 'contracts.get', { id });
    expect(card.approvals).toEqual([
      {
        id: inst,
        routeId: 2,
        routeName: 'Стандартный маршрут',
        annualValue: 18_000_000,
        submittedBy: w.users.mgr,
        submittedByName: 'Тест mgr',
        submittedAt: NOW,
        status: 'in_progress',
        finishedAt: null,
        steps: [
          {
            id: s1,
            stepNo: 1,
            role: 'manager',
            userId: null,
            userName: null,
            status: 'approved',
            activatedAt: NOW,
            dueAt: null,
            completedAt: null,
            decisions: [
              { id: 1, userId: w.users.mgr77, userName: 'Тест mgr77', onBehalfOf: w.users.mgr, onBehalfOfName: 'Тест mgr', decision: 'approve', comment: 'ок', at: NOW },
            ],
          },
          expect.objectContaining({ stepNo: 2, role: 'assistant', status: 'pending', decisions: [] }),
        ],
      },
    ]);
    expect(card.submissionIssues).toBeNull();
  });
});
