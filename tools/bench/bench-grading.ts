import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../apps/server/src/config';
import { openDatabase } from '../../apps/server/src/platform/db/database';
import { shenzhenToday } from '../../apps/server/src/grid/jurisdiction/jurisdiction.service';
import { createGradingModels } from '../../apps/server/src/profile/models/grading-models';
import { gradingInputsQuery } from '../../apps/server/src/profile/grades/grading-inputs';
import {
  recomputeAllGrades,
  recomputeQueuedGrades,
} from '../../apps/server/src/profile/grades/recompute-grades';
import {
  Cleanup,
  LatencyRecorder,
  benchDatabaseUrl,
  benchSchemaName,
  dropSchema,
  finish,
  hostInfo,
  intFlag,
  lastJson,
  log,
  parseFlags,
  redactUrl,
  round,
  runTs,
  seconds,
} from './common';

/**
 * npm run bench:grading -- [--smoke] [--units607k] [--seed N] [--runs N] [--changes N]
 *
 * The figures: a full recomputation of every enterprise's grade on PostgreSQL (≤ 10 s for
 * 120,000 enterprises, ≤ 60 s for the 607,000-unit city of `--units607k`), and an incremental
 * recomputation after one input change (≤ 200 ms). Loads the demo city (with its profiles and a
 * year of hazards) into a fresh schema and measures, side by side in one run:
 *  - floor: one plain aggregate query over the same inputs (the grading input statement summed
 *    inside the database: every source read and joined, nothing scored, nothing written);
 *  - full: `recomputeAllGrades` (input statement → scoring in memory → set-based writes, one
 *    transaction), `--runs` times, with the time of each part;
 *  - incremental: for `--changes` enterprises, a fatal accident recorded (its insert queues the
 *    enterprise through the database trigger) and then the queue drained — the drain timed alone
 *    and with the insert; each must end with the enterprise graded red.
 * Prints one JSON document; the schema and temporary directory are removed at the end.
 */

interface Settings {
  size: 'small' | 'full' | 'units607k';
  runs: number;
  changes: number;
}

const TARGET_FULL_SECONDS: Record<Settings['size'], number | null> = {
  small: null,
  full: 10,
  units607k: 60,
};
const TARGET_INCREMENTAL_MS = 200;

async function main() {
  const argv = process.argv.slice(2);
  const units607k = argv.includes('--units607k');
  const flags = parseFlags(
    argv.filter((a) => a !== '--units607k'),
    ['seed', 'runs', 'changes'],
  );
  const seed = intFlag(flags, 'seed', loadConfig({}).demoSeed, 0, 2 ** 31 - 1);
  const smoke = flags.smoke;
  const settings: Settings = {
    size: smoke ? 'small' : units607k ? 'units607k' : 'full',
    runs: intFlag(flags, 'runs', smoke ? 2 : 3, 1, 10),
    changes: intFlag(flags, 'changes', smoke ? 10 : 50, 1, 500),
  };
  const cleanup = new Cleanup();
  const disarm = cleanup.installHandlers(settings.size === 'units607k' ? 40 * 60_000 : 15 * 60_000);
  const problems: string[] = [];
  const url = benchDatabaseUrl();
  const schema = benchSchemaName('grading');
  const document: Record<string, unknown> = {
    benchmark: 'grading',
    mode: smoke ? 'smoke' : 'full',
    startedAt: new Date().toISOString(),
    host: { ...hostInfo(), loadAverage1mAtStart: round(loadavg()[0] ?? 0) },
    settings: { ...settings, seed, database: redactUrl(url), schema },
  };

  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'safegrid-bench-grading-'));
    cleanup.add(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
    cleanup.add(`drop schema ${schema}`, () => dropSchema(url, schema));

    log(`loading the ${settings.size} demo city into ${schema}`);
    const loadStarted = performance.now();
    const load = await runTs('tools/demo-city/cli.ts', [`--${settings.size}`, '--seed', String(seed)], {
      env: { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema, SAFEGRID_DATA_DIR: dataDir },
      timeoutMs: 35 * 60_000,
      cleanup,
      what: 'demo city load',
    });
    if (load.code !== 0) throw new Error(`demo city load failed (${load.code ?? load.signal})`);
    const counts = lastJson(load.stdout)?.counts as Record<string, unknown> | undefined;
    document.cityLoad = {
      seconds: seconds(loadStarted),
      enterprises: counts?.enterprises ?? null,
      profiles: counts?.profiles ?? null,
    };

    const database = await openDatabase({ databaseUrl: url, databaseSchema: schema, dataDir: '' });
    cleanup.add('close database', () => database.close());
    const { db } = database;
    const model = await createGradingModels(db).active();
    const asOf = shenzhenToday();

    log('floor: the input statement aggregated in the database');
    const floor: number[] = [];
    for (let i = 0; i < settings.runs; i += 1) {
      const started = performance.now();
      await sql`SELECT count(*), sum("openHazards"), sum("overdueHazards"), sum("majorHazardsOpen"),
          sum("penalties12m"), sum("accidents36m"), sum("drills12m"), sum("alarms90d")
        FROM (${gradingInputsQuery({ asOf })}) inputs`.execute(db);
      floor.push(seconds(started));
    }

    log(`full recomputation, ${settings.runs} runs`);
    const full: { seconds: number; enterprises: number; changed: number; partsMs: object }[] = [];
    for (let i = 0; i < settings.runs; i += 1) {
      const started = performance.now();
      const result = await recomputeAllGrades(db, model, { now: new Date(), reason: 'batch' });
      full.push({
        seconds: seconds(started),
        enterprises: result.recomputed,
        changed: result.changes.length,
        partsMs: result.timingsMs,
      });
    }
    await db.deleteFrom('grading_queue').execute();

    // The default model's distribution on the demo city, before the benchmark's own accidents.
    const distribution = await db
      .selectFrom('enterprise_grade')
      .select(['grade', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('grade')
      .execute();
    log(`incremental: ${settings.changes} fatal accidents, each drained from the queue`);
    const picked = await db
      .selectFrom('enterprise_grade')
      .select('enterprise_id')
      .where('grade', '<>', 'red')
      .orderBy(sql`hashtext(enterprise_id::text || ${String(seed)})`)
      .limit(settings.changes)
      .execute();
    const drain = new LatencyRecorder();
    const endToEnd = new LatencyRecorder();
    let notRed = 0;
    for (const { enterprise_id: id } of picked) {
      const started = performance.now();
      await db
        .insertInto('enterprise_accident')
        .values({
          enterprise_id: id,
          occurred_on: asOf,
          severity: 'fatal',
          deaths: 1,
          injuries: 0,
          description: '压测：死亡事故',
          source: 'import',
        })
        .execute();
      const drainStarted = performance.now();
      const result = await recomputeQueuedGrades(db, model, { now: new Date(), limit: 500 });
      drain.add(performance.now() - drainStarted);
      endToEnd.add(performance.now() - started);
      const grade = await db
        .selectFrom('enterprise_grade')
        .select('grade')
        .where('enterprise_id', '=', id)
        .executeTakeFirstOrThrow();
      if (result.recomputed !== 1 || grade.grade !== 'red') notRed += 1;
    }

    const graded = distribution.reduce((a, r) => a + Number(r.n), 0);

    const fullSeconds = full.map((f) => f.seconds).sort((a, b) => a - b);
    const median = fullSeconds[Math.floor(fullSeconds.length / 2)]!;
    const floorMedian = [...floor].sort((a, b) => a - b)[Math.floor(floor.length / 2)]!;
    const drainStats = drain.summary();
    const target = TARGET_FULL_SECONDS[settings.size];
    document.floor = { what: 'one aggregate over the grading input statement', seconds: floor };
    document.full = { runs: full, medianSeconds: median, overFloorFactor: round(median / floorMedian, 1) };
    document.incremental = {
      changes: picked.length,
      drainMs: drainStats,
      insertAndDrainMs: endToEnd.summary(),
      gradedRedAfterwards: picked.length - notRed,
    };
    document.distribution = Object.fromEntries(
      distribution.map((r) => [
        r.grade,
        { count: Number(r.n), percent: round((100 * Number(r.n)) / graded, 2) },
      ]),
    );
    document.targets = {
      fullSeconds: { max: target, actual: median, pass: target === null ? null : median <= target },
      incrementalP95Ms: {
        max: TARGET_INCREMENTAL_MS,
        actual: drainStats.p95Ms,
        pass: smoke ? null : drainStats.p95Ms <= TARGET_INCREMENTAL_MS,
      },
    };
    if (notRed > 0) problems.push(`${notRed} enterprises were not red after a fatal accident`);
    if (!smoke) {
      if (target !== null && median > target) problems.push('full recomputation over its target');
      if (drainStats.p95Ms > TARGET_INCREMENTAL_MS)
        problems.push('incremental recomputation p95 over its target');
    }
  } catch (error) {
    problems.push((error as Error).message);
    log(`error: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cleanup.run();
    disarm();
  }
  document.ok = problems.length === 0;
  document.problems = problems;
  finish(document, problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
