// Child process of crash.fault.ts: approves registry `id` as the demo finance user and, with killAt = 'audit', kills
// itself with SIGKILL when the command writes its audit record — the last statement of its transaction, after every
// change to the registry was made and before the commit. killAt = 'never' lets the approval finish.
import { register } from 'tsx/esm/api';
import Database from 'better-sqlite3';

register();
const [dbPath, id, version, killAt] = process.argv.slice(2);
const { openCore, silentSink } = await import('../../core/index.ts');

const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
const run = Statement.run;
let armed = false;
Statement.run = function (...args) {
  if (armed && killAt === 'audit' && this.source.includes('INSERT INTO audit_log')) process.kill(process.pid, 'SIGKILL');
  return run.apply(this, args);
};

const core = openCore({ dbPath, logSink: silentSink });
const signIn = await core.invoke('session.signIn', { login: 'finance', password: 'demo' });
if (!signIn.ok) throw new Error(signIn.error.message);
armed = true;
const env = await core.invoke('payments.approveRegistry', { id: Number(id), version: Number(version) }, { session: signIn.data.token });
process.stdout.write(JSON.stringify(env) + '\n');
core.close();
