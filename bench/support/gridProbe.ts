// Development probe (not run by `npm run bench`): CPU time and query plans of the signals grid's page queries on a
// bench database. `node --import tsx bench/support/gridProbe.ts DB`.
import { openDatabase } from '../../core/db/open';
import { listSignals } from '../../core/signals/repo';
import { gridRequest } from '../../core/grid/request';
import { WHOLE_COUNTRY, type Scope } from '../../core/users/scope';
import { GRID_QUERIES } from './gridQueries';

const db = openDatabase(process.argv[2]);
for (const p of (process.env.PROBE_PRAGMAS ?? '').split(';').filter(Boolean)) db.pragma(p);
const managerScope: Scope = { districts: ['ЦФО'], regions: [] };
for (const q of GRID_QUERIES) {
  const { month, ...rest } = q.input as { month?: string };
  const req = gridRequest.parse({ limit: 100, ...rest });
  const scope = q.login === 'manager' ? managerScope : WHOLE_COUNTRY;
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    listSignals(db, scope, req, month);
    const d = process.cpuUsage(c);
    cpu.push(Math.round((d.user + d.system) / 100) / 10);
  }
  process.stdout.write(`${q.name.padEnd(36)} cpu ms ${cpu.join(' ')}\n`);
}
