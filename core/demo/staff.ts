// Demo stages for the company side: its users, its own requisites (settings) and its catalogue.
import { createHash } from 'node:crypto';
import { generateInnLegal, generateKpp, generateOgrn, generateSettlementAccount } from '../requisites';
import { hashPassword } from '../users/password';
import { insertUser } from '../users/repo';
import { ROLES, type Role } from '../users/roles';
import { edoId, person, SETUP_DAYS_AGO, type DemoContext } from './context';
import { isoOf } from './dates';
import { DEMO_COMPANY, DEMO_STAFF, EQUIPMENT_POOL, SKU_POOL } from './names';
import { createRandom, deriveSeed, type Random } from './random';

/** Hash of the demo password `demo`, computed once and shared by every demo user (scrypt costs ~100 ms a call). */
export function demoPasswordHash(seed: number): string {
  // The salt comes from the seed: the password is public anyway, and a random salt would make two loads differ.
  const salt = createHash('sha256').update(`mcm-demo-salt:${seed}`).digest().subarray(0, 16);
  return hashPassword('demo', salt);
}

/** One user per role (login = role code) plus extra managers; assigns a manager to each federal district. */
export function insertUsers(ctx: DemoContext, passwordHash: string, rnd: Random): void {
  ctx.progress.report('users', true);
  const created = `${isoOf(ctx.today - SETUP_DAYS_AGO)}T06:00:00.000Z`;
  // An admin may already exist (they are the one loading the demo): their login is left alone.
  const taken = new Set(ctx.db.prepare('SELECT lower(login) FROM users').pluck().all() as string[]);
  const add = (login: string, fullName: string, roles: Role[]) => {
    if (taken.has(login)) return;
    taken.add(login);
    ctx.userIds.set(login, insertUser(ctx.db, { login, fullName, passwordHash, roles }, created));
    ctx.rows.users++;
    ctx.rows.user_roles += roles.length;
  };
  for (const role of ROLES) add(role, DEMO_STAFF[role], [role]);
  const managers: number[] = [];
  const base = ctx.userIds.get('manager');
  if (base !== undefined) managers.push(base);
  for (let i = 0; i < ctx.sizes.extraManagers; i++) {
    const p = person(rnd);
    const login = `manager${i + 2}`;
    add(login, `${p.surname} ${p.first} ${p.patronymic}`, ['manager']);
    const id = ctx.userIds.get(login);
    if (id !== undefined) managers.push(id);
  }
  const demoManagers = new Set(managers);
  if (managers.length === 0) {
    const existing = ctx.db
      .prepare("SELECT user_id FROM user_roles WHERE role = 'manager' ORDER BY user_id")
      .pluck()
      .all() as number[];
    managers.push(...existing);
  }
  ctx.districts.forEach((d, i) => ctx.managerByDistrict.set(d, managers.length ? managers[i % managers.length] : null));

  // With several managers each one gets their federal districts as scope, as regional managers have; a lone
  // manager keeps the whole country. Pre-existing users' scopes are not touched.
  if (managers.length > 1) {
    const insScope = ctx.db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'district', ?)");
    for (const [district, id] of ctx.managerByDistrict) {
      if (id === null || !demoManagers.has(id)) continue;
      insScope.run(id, district);
      ctx.rows.user_scopes++;
    }
  }
}

/** The company's own requisites; values an admin already entered are kept. */
export function insertSettings(ctx: DemoContext): void {
  ctx.progress.report('settings', true);
  // The company is the same for every seed: it is "us", only the market around it varies.
  const rnd = createRandom(deriveSeed(0, 'company'));
  const inn = generateInnLegal(rnd.next);
  const kpp = generateKpp(rnd.next, inn);
  const bank = DEMO_COMPANY.bank;
  const values: [string, string][] = [
    ['company.name', DEMO_COMPANY.name],
    ['company.inn', inn],
    ['company.kpp', kpp],
    ['company.ogrn', generateOgrn(rnd.next)],
    ['company.address', DEMO_COMPANY.address],
    ['company.bik', bank.bik],
    ['company.account', generateSettlementAccount(rnd.next, bank.bik)],
    ['company.corr_account', bank.corr],
    ['company.bank_name', bank.name],
    ['company.edo_id', edoId(ctx, rnd, inn, kpp)],
    ['company.signer_name', DEMO_COMPANY.signerName],
    ['company.signer_position', DEMO_COMPANY.signerPosition],
  ];
  ctx.usedInns.add(inn);
  const ins = ctx.db.prepare(
    'INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING',
  );
  const at = `${isoOf(ctx.today - SETUP_DAYS_AGO)}T06:30:00.000Z`;
  const by = ctx.userIds.get('admin') ?? null;
  for (const [k, v] of values) ctx.rows.settings += ins.run(k, v, at, by).changes;
}

/** SKUs and equipment types; codes that already exist are reused, since an admin may have loaded part of them. */
export function insertCatalogue(ctx: DemoContext): void {
  ctx.progress.report('reference', true);
  const skuIds = new Map(
    (ctx.db.prepare('SELECT code, id FROM skus').all() as { code: string; id: number }[]).map((r) => [r.code, r.id]),
  );
  const insSku = ctx.db.prepare('INSERT INTO skus (code, name, brand) VALUES (?, ?, ?)');
  SKU_POOL.forEach((s, i) => {
    const code = `SKU-${String(i + 1).padStart(4, '0')}`;
    let id = skuIds.get(code);
    if (id === undefined) {
      id = Number(insSku.run(code, s.name, s.brand).lastInsertRowid);
      ctx.rows.skus++;
    }
    ctx.skuIds.push(id);
    ctx.skuCodes.push(code);
  });
  const eqIds = new Map(
    (ctx.db.prepare('SELECT code, id FROM equipment_types').all() as { code: string; id: number }[]).map((r) => [
      r.code,
      r.id,
    ]),
  );
  const insEq = ctx.db.prepare('INSERT INTO equipment_types (code, name) VALUES (?, ?)');
  for (const e of EQUIPMENT_POOL) {
    let id = eqIds.get(e.code);
    if (id === undefined) {
      id = Number(insEq.run(e.code, e.name).lastInsertRowid);
      ctx.rows.equipment_types++;
    }
    ctx.equipmentIds.push(id);
    ctx.equipmentCodes.push(e.code);
  }
}
