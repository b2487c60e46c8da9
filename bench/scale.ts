// Issue 9: the company at 10× scale. Imports of a month's file (XLSX and CSV) against the raw floor, full and
// incremental recalculation, the signals grid's page queries, dashboard and registry commands, cold start of the
// browser shell, peak RSS of each, and the growth curve at 1×, 3× and 10×. Every task runs in its own child process.
//   npm run bench                      full set at x10 plus the curve at x1 and x3
//   npm run bench -- --scale x3        the full set at one scale, no curve
//   MCM_BENCH_QUICK=1 npm run bench    smoke run on a tiny database (seconds; figures mean nothing)
//   MCM_BENCH_FRESH=1                  regenerate the demo databases instead of reusing the cache in the temp folder
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coldStart, ROOT, runTask } from './support/child';
import { BENCH_SCALES, BENCH_SIZES, type BenchScale } from './support/scales';

/** Wall and CPU milliseconds of one measured section (CPU: user + system of the process, every thread). */
interface Took {
  ms: number;
  cpuMs: number;
}
interface ImportRun extends Took {
  rowsRead: number;
  visitsAdded: number;
  signalsAdded: number;
  matched: number;
  contractMonths: number;
  maxRssMb: number;
}
interface FloorRun extends Took {
  parseMs: number;
  parseCpuMs: number;
  insertMs: number;
  insertCpuMs: number;
  rows: number;
  maxRssMb: number;
}
interface RecomputeRun {
  cached: number;
  full: Took;
  fullSummary: { examined: number; written: number };
  rebuild: Took;
  incremental: Took;
  incrementalMatch: Took;
  incSummary: { matched: number; pairs: number; examined: number; written: number };
  dailyRows: number;
  maxRssMb: number;
}
interface Spread {
  median: number;
  p95: number;
  cpuMedian: number;
  cpuP95: number;
}
interface QueriesRun {
  grid: ({ name: string } & Spread)[];
  all: Spread;
  dashboard: ({ name: string; note?: string } & Partial<Spread>)[];
  registry: ({ note?: string } & Partial<Took>) | null;
  maxRssMb: number;
}

/** An import and its raw floor on the same file; ratios of wall and of CPU time. */
interface ImportPair {
  import: ImportRun;
  floor: FloorRun;
  ratio: number;
  cpuRatio: number;
}

interface ScaleResult {
  scale: BenchScale;
  sizes: (typeof BENCH_SIZES)[BenchScale];
  data: { generatedMs: number | null; cached: boolean; fileRows: number; signals: number };
  xlsx: ImportPair;
  csv: ImportPair;
  recompute: RecomputeRun & { ratio: number; cpuRatio: number };
  queries?: QueriesRun;
  coldStart?: Took;
  coldStartError?: string;
}

const quick = process.env.MCM_BENCH_QUICK === '1';
const argScale = (() => {
  const i = process.argv.indexOf('--scale');
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v !== undefined && !(BENCH_SCALES as string[]).includes(v)) throw new Error(`--scale: x1, x3 или x10, а не ${v}`);
  return v as BenchScale | undefined;
})();

/**
 * Fingerprint of what shapes the demo data: the generator. A change regenerates the cache; new migrations do not, as
 * every copy is brought up to date when it is opened.
 */
function dataFingerprint(): string {
  const h = createHash('sha256');
  for (const dir of ['core/demo']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).sort()) h.update(f).update(fs.readFileSync(path.join(ROOT, dir, f)));
  }
  return h.digest('hex').slice(0, 12);
}

const cacheDir = path.join(os.tmpdir(), 'mcm-bench-cache');

/** The scale's demo database: reused from the temp-folder cache when the generator and schema are unchanged. */
function baseDb(scale: BenchScale): { file: string; generatedMs: number | null; cached: boolean } {
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `${scale}-${dataFingerprint()}.sqlite`);
  if (fs.existsSync(file) && process.env.MCM_BENCH_FRESH !== '1') return { file, generatedMs: null, cached: true };
  const building = `${file}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) fs.rmSync(f, { force: true });
  log(`  ${scale}: генерация демо-базы…`);
  const r = runTask<{ ms: number }>('generate', { dbPath: building, sizes: BENCH_SIZES[scale] });
  fs.renameSync(building, file);
  return { file, generatedMs: r.ms, cached: false };
}

function log(s: string) {
  process.stdout.write(`${s}\n`);
}

/** Copies a checkpointed database (no WAL to carry) over `to`. */
function copyDb(from: string, to: string) {
  for (const f of [to, `${to}-wal`, `${to}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(from, to);
}

/**
 * Runs of each import and of its floor. Single runs of the same work swing by ±25 % on this machine (the floor's
 * SheetJS parse as much as the import), so the ratio is taken between medians.
 */
const IMPORT_RUNS = quick ? 1 : 3;

/** The run with the median CPU time. */
function medianByCpu<T extends Took>(runs: T[]): T {
  return [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(runs.length / 2)];
}

function runScale(scale: BenchScale, work: string, full: boolean): ScaleResult {
  const base = baseDb(scale);
  const dir = path.join(work, scale);
  fs.mkdirSync(dir, { recursive: true });
  const prep = path.join(dir, 'prep.sqlite');
  const run = path.join(dir, 'run.sqlite');
  copyDb(base.file, prep);
  log(`  ${scale}: файлы месяца и база без него…`);
  const p = runTask<{ rows: number; signals: number }>('prepare', { dbPath: prep, dir });

  const imports = {} as Record<'xlsx' | 'csv', ImportPair>;
  for (const kind of ['xlsx', 'csv'] as const) {
    const file = path.join(dir, `month.${kind}`);
    const floorDb = path.join(dir, `floor-${kind}.sqlite`);
    log(`  ${scale}: импорт ${kind.toUpperCase()} и сырой предел, ${IMPORT_RUNS} раза…`);
    const imps: ImportRun[] = [];
    const floors: FloorRun[] = [];
    // Alternated, so that a busy spell of the machine falls on both sides of the ratio.
    for (let i = 0; i < IMPORT_RUNS; i++) {
      copyDb(prep, run);
      imps.push(runTask<ImportRun>('importFile', { dbPath: run, file }));
      for (const f of [floorDb, `${floorDb}-wal`, `${floorDb}-shm`]) fs.rmSync(f, { force: true });
      floors.push(runTask<FloorRun>('floor', { dbPath: floorDb, file }));
    }
    const imp = { ...medianByCpu(imps), maxRssMb: Math.max(...imps.map((x) => x.maxRssMb)) };
    const fl = { ...medianByCpu(floors), maxRssMb: Math.max(...floors.map((x) => x.maxRssMb)) };
    imports[kind] = { import: imp, floor: fl, ratio: imp.ms / fl.ms, cpuRatio: imp.cpuMs / fl.cpuMs };
  }
  // After the CSV import `run` holds every month again: the recalculation and the queries work on it.
  log(`  ${scale}: пересчёт…`);
  const recomputeDb = path.join(dir, 'recompute.sqlite');
  copyDb(run, recomputeDb);
  const rc = runTask<RecomputeRun>('recompute', { dbPath: recomputeDb, dailyFile: path.join(dir, 'daily.csv') });
  const result: ScaleResult = {
    scale,
    sizes: BENCH_SIZES[scale],
    data: { generatedMs: base.generatedMs, cached: base.cached, fileRows: p.rows, signals: p.signals },
    ...imports,
    recompute: { ...rc, ratio: rc.incremental.ms / rc.full.ms, cpuRatio: rc.incremental.cpuMs / rc.full.cpuMs },
  };
  if (full) {
    log(`  ${scale}: запросы…`);
    result.queries = runTask<QueriesRun>('queries', { dbPath: run });
  }
  return result;
}

const fmt = (n: number | null | undefined, d = 0) => (n === null || n === undefined ? '—' : n.toFixed(d));
const sec = (msv: number) => (msv / 1000).toFixed(2);
/** `wall / CPU` in seconds. */
const secs = (t: Took) => `${sec(t.ms)} / ${sec(t.cpuMs)} с`;
const msec = (t: Took) => `${fmt(t.ms, 1)} / ${fmt(t.cpuMs, 1)} мс`;

function row(name: string, value: string, target: string, ok: boolean | null) {
  log(`${name.padEnd(62)} ${value.padStart(22)}  ${target.padEnd(10)} ${ok === null ? '' : ok ? 'да' : 'НЕТ'}`);
}

function printFull(r: ScaleResult) {
  log(`\nМасштаб ${r.scale}: договоров ${r.sizes.contracts}, визитов в месяц ${r.sizes.visitsPerMonth}, месяцев ${r.sizes.months}; файл месяца ${r.data.fileRows} строк (${r.data.signals} сигналов)`);
  log('Время: «стена / ЦП» — машина общая, поэтому цели проверяются по времени ЦП процесса (то, что та же работа стоит на свободном ядре).');
  log(`${'показатель'.padEnd(62)} ${'значение'.padStart(22)}  ${'цель'.padEnd(10)} в цели`);
  for (const kind of ['xlsx', 'csv'] as const) {
    const k = r[kind];
    const K = kind.toUpperCase();
    row(`1. импорт ${K} целиком (разбор…запись, сопоставление, пересчёт)`, secs(k.import), '', null);
    row(`   сырой предел ${K}: SheetJS ${fmt(k.floor.parseCpuMs)} + вставка ${fmt(k.floor.insertCpuMs)} мс ЦП`, secs(k.floor), '', null);
    row(`   импорт ÷ предел, ${K}, медианы ${IMPORT_RUNS} прогонов (стена / ЦП)`, `${k.ratio.toFixed(2)} / ${k.cpuRatio.toFixed(2)}×`, '≤ 2.0', k.cpuRatio <= 2);
    row(`6. пик RSS импорта ${K} (у предела ${k.floor.maxRssMb} МБ)`, `${k.import.maxRssMb} МБ`, kind === 'xlsx' ? '< 1536 МБ' : '', kind === 'xlsx' ? k.import.maxRssMb < 1536 : null);
  }
  const rc = r.recompute;
  row(`2. полный пересчёт: ${rc.fullSummary.examined} договоро-месяцев с нуля`, secs(rc.full), '≤ 5 с', rc.full.cpuMs <= 5000);
  row(`   полное пересопоставление сигналов + пересчёт`, secs(rc.rebuild), '', null);
  row(`   инкрементальный после файла ${rc.dailyRows} строк (${rc.incSummary.pairs} дог.-мес.)`, msec(rc.incremental), '', null);
  row(`   инкрементальный ÷ полный (стена / ЦП)`, `${rc.ratio.toFixed(3)} / ${rc.cpuRatio.toFixed(3)}`, '≤ 0.05', rc.cpuRatio <= 0.05);
  row(`6. пик RSS пересчёта`, `${rc.maxRssMb} МБ`, '', null);
  const q = r.queries;
  if (q) {
    log('   сетка: медиана / p95, стена | ЦП, мс');
    const spread = (s: Partial<Spread>) => `${fmt(s.median, 1)}/${fmt(s.p95, 1)} | ${fmt(s.cpuMedian, 1)}/${fmt(s.cpuP95, 1)}`;
    for (const g of q.grid) row(`3. сетка сигналов: ${g.name}`, spread(g), 'p95 ≤ 50', g.cpuP95 <= 50);
    row(`   все 10 запросов`, spread(q.all), 'p95 ≤ 50', q.all.cpuP95 <= 50);
    if (q.dashboard.length === 0) row('4. запросы панели руководителя (dashboard.*)', 'нет команды', '≤ 200 мс', null);
    for (const d of q.dashboard) {
      row(`4. ${d.name}${d.note ? ` (${d.note})` : ''}`, d.median === undefined ? 'ошибка' : spread(d), '≤ 200 мс', d.cpuMedian === undefined ? null : d.cpuMedian <= 200);
    }
    if (!q.registry) row('4. payments.buildRegistry за месяц', 'нет команды', '≤ 2 с', null);
    else {
      const reg = q.registry;
      row(`4. payments.buildRegistry за месяц${reg.note ? ` (${reg.note})` : ''}`, reg.ms === undefined ? 'ошибка' : secs(reg as Took), '≤ 2 с', reg.cpuMs === undefined ? null : reg.cpuMs <= 2000);
    }
    row(`6. пик RSS запросов (сетка, панель, реестр)`, `${q.maxRssMb} МБ`, '', null);
  }
  if (r.coldStart) row('5. холодный старт `mcm serve` до первого ответа (бандл dist-server)', secs(r.coldStart), '≤ 1.5 с', r.coldStart.cpuMs <= 1500);
  if (r.coldStartError) row(`5. холодный старт \`mcm serve\`: ${r.coldStartError}`, 'ошибка', '≤ 1.5 с', null);
}

function printCurve(results: ScaleResult[]) {
  log('\nКривая роста по времени ЦП (стоимость строки и договоро-месяца должна оставаться ровной):');
  log(`${'масштаб'.padEnd(8)} ${'строк'.padStart(8)} ${'XLSX, с'.padStart(8)} ${'мкс/стр'.padStart(8)} ${'CSV, с'.padStart(8)} ${'мкс/стр'.padStart(8)} ${'дог.-мес.'.padStart(10)} ${'пересчёт, с'.padStart(12)} ${'мкс/д-м'.padStart(8)}`);
  for (const r of results) {
    const n = r.data.fileRows;
    const cm = r.recompute.fullSummary.examined;
    const x = r.xlsx.import.cpuMs;
    const c = r.csv.import.cpuMs;
    const f = r.recompute.full.cpuMs;
    log(
      `${r.scale.padEnd(8)} ${String(n).padStart(8)} ${sec(x).padStart(8)} ${((x * 1000) / n).toFixed(1).padStart(8)} ${sec(c).padStart(8)} ${((c * 1000) / n).toFixed(1).padStart(8)} ${String(cm).padStart(10)} ${sec(f).padStart(12)} ${((f * 1000) / cm).toFixed(1).padStart(8)}`,
    );
  }
}

/** Median of three starts (by CPU time): the first one also pays for the OS file cache. */
async function medianStart(dbPath: string): Promise<Took> {
  const runs: Took[] = [];
  for (let i = 0; i < 3; i++) runs.push(await coldStart(dbPath));
  return runs.sort((a, b) => a.cpuMs - b.cpuMs)[1];
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-bench-scale-'));
  const loadBefore = os.loadavg();
  const started = Date.now();
  const mainScale: BenchScale = quick ? 'quick' : (argScale ?? 'x10');
  const curveScales: BenchScale[] = quick || argScale ? [] : BENCH_SCALES.filter((s) => s !== mainScale);
  try {
    const curve: ScaleResult[] = [];
    for (const s of curveScales) {
      log(`Кривая роста, ${s}:`);
      curve.push(runScale(s, work, false));
      fs.rmSync(path.join(work, s), { recursive: true, force: true });
    }
    log(`Полный набор, ${mainScale}:`);
    const main = runScale(mainScale, work, true);
    const runDb = path.join(work, mainScale, 'run.sqlite');
    try {
      main.coldStart = await medianStart(runDb);
    } catch (e) {
      main.coldStartError = (e as Error).message.slice(0, 300);
    }
    printFull(main);
    const all = [...curve, main].sort((a, b) => a.sizes.contracts - b.sizes.contracts);
    if (all.length > 1) printCurve(all);
    const loadAfter = os.loadavg();
    const machine = {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadavg: { before: loadBefore.map((x) => +x.toFixed(2)), after: loadAfter.map((x) => +x.toFixed(2)) },
    };
    log(`\nМашина: ${machine.cpu}, ядер ${machine.cores}, ОЗУ ${machine.memoryGb} ГБ, ${machine.platform}, Node ${machine.node}; загрузка (1/5/15 мин) до ${machine.loadavg.before.join(' / ')}, после ${machine.loadavg.after.join(' / ')}; прогон ${((Date.now() - started) / 1000).toFixed(0)} с`);
    if (!quick) {
      const out = { at: new Date().toISOString(), machine, scale: mainScale, results: main, curve: all.map((r) => ({ scale: r.scale, fileRows: r.data.fileRows, xlsx: r.xlsx.import, csv: r.csv.import, contractMonths: r.recompute.fullSummary.examined, fullRecompute: r.recompute.full, incremental: r.recompute.incremental })) };
      fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');
      log('Записано: bench/results.json');
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
