// Every command × every role, derived from the command table at run time so commands added later are covered too:
// roles without the command's permission are refused with 'forbidden' and nothing is written; roles with it succeed
// for the commands that have a sample input below.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { commandTable } from '../../core/commands';
import { ROLES, rolesGrant, type Permission, type Role } from '../../core/users/roles';
import { testCore, type TestCore } from '../helpers/core';

/** Inputs known to be valid on a fresh store; a function gets the role so repeated mutations stay distinct. */
const SAMPLES: Record<string, unknown | ((role: Role) => unknown)> = {
  'session.whoami': {},
  'users.list': {},
  'reference.list': { kind: 'regions' },
  'reference.template': { kind: 'skus' },
  'settings.list': {},
  'settings.get': { key: 'company.name' },
  'settings.set': (role: Role) => ({ key: 'company.name', value: `ООО «Права ${role}»` }),
  'audit.list': {},
  'audit.verify': {},
  'counterparties.list': {},
  'outlets.list': {},
  'contracts.list': {},
  'contracts.refreshStatuses': {},
  'approvals.inbox': {},
  'approvals.routesList': {},
  'approvals.delegationsList': {},
  'approvals.metrics': {},
  'penalties.contractMonths': {},
  'penalties.payouts': { month: '2026-11' },
  'signals.profiles': {},
  'signals.batches': {},
  'signals.list': {},
  'amnesty.list': {},
  'amnesty.inbox': {},
  'amnesty.adjustments': {},
  'payments.listRegistries': {},
  'payments.bankChanges': {},
  'documents.list': {},
  'dashboard.contractMonths': {},
  'dashboard.signals': {},
  'backup.list': {},
  'backup.create': {},
  'backup.cancelRestore': {},
  'budget.template': {},
};

const sampleFor = (name: string, role: Role): unknown => {
  const s = SAMPLES[name];
  return typeof s === 'function' ? (s as (r: Role) => unknown)(role) : (s ?? {});
};

/** A digest of every table except sessions (signing in writes there), read through a separate connection. */
function fingerprint(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const h = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      if (t === 'sessions') continue;
      h.update(t);
      for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate()) h.update(JSON.stringify(row));
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

async function sessionsByRole(t: TestCore): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ROLES) out[role] = await t.signIn(`u_${role}`);
  return out;
}

const users = ROLES.map((role) => ({ login: `u_${role}`, roles: [role] as Role[] }));

describe('permissions: every command × every role', () => {
  it('refuses roles without the permission with «forbidden» and writes nothing', async () => {
    const t = testCore(users);
    const sessions = await sessionsByRole(t);
    const checked: string[] = [];
    for (const [name, cmd] of Object.entries(commandTable)) {
      if (cmd.access === 'public' || cmd.access === 'signedIn') continue;
      const denied = ROLES.filter((r) => !rolesGrant([r], cmd.access as Permission));
      if (denied.length === 0) continue;
      const before = fingerprint(t.dbPath);
      for (const role of denied) {
        const env = await t.as(sessions[role])(name, sampleFor(name, role));
        expect(env.ok, `${name} as ${role}`).toBe(false);
        if (!env.ok) {
          expect(env.error.code, `${name} as ${role}`).toBe('forbidden');
          expect(env.error.message).toBe('Недостаточно прав для этого действия');
        }
        checked.push(`${name}/${role}`);
      }
      expect(fingerprint(t.dbPath), `${name}: a refused call changed the store`).toBe(before);
    }
    // The table is the source: dozens of commands and refusals are really exercised, not an empty loop.
    expect(checked.length).toBeGreaterThan(100);
  });

  it('refuses every non-public command without a session, writing nothing', async () => {
    const t = testCore(users);
    const before = fingerprint(t.dbPath);
    for (const [name, cmd] of Object.entries(commandTable)) {
      if (cmd.access === 'public') continue;
      const env = await t.core.invoke(name, sampleFor(name, 'admin'), {});
      expect(!env.ok && env.error.code, name).toBe('unauthenticated');
      const forged = await t.core.invoke(name, sampleFor(name, 'admin'), { session: 'not-a-real-token' });
      expect(!forged.ok && forged.error.code, name).toBe('unauthenticated');
    }
    expect(fingerprint(t.dbPath)).toBe(before);
  });

  it('lets every role holding the permission run the commands that have a sample input', async () => {
    const t = testCore(users);
    const sessions = await sessionsByRole(t);
    let ran = 0;
    for (const [name, cmd] of Object.entries(commandTable)) {
      if (!Object.hasOwn(SAMPLES, name)) continue;
      const allowed = ROLES.filter((r) => cmd.access === 'public' || cmd.access === 'signedIn' || rolesGrant([r], cmd.access as Permission));
      for (const role of allowed) {
        const env = await t.as(sessions[role])(name, sampleFor(name, role));
        expect(env.ok, `${name} as ${role}: ${env.ok ? '' : `${env.error.code} ${env.error.message}`}`).toBe(true);
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(50);
  });
});
