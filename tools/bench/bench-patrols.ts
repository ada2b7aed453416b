import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type AutocannonRequest } from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../apps/server/src/config';
import { openDatabase } from '../../apps/server/src/platform/db/database';
import { EMPTY_SCOPE, type Actor } from '../../apps/server/src/platform/auth/actor';
import { regulationLibrary } from '../../apps/server/src/enforcement/regulations/regulation-library';
import { createReferenceNamesCache } from '../../apps/server/src/grid/reference/reference-names';
import { shenzhenToday } from '../../apps/server/src/grid/jurisdiction/jurisdiction.service';
import { createChecklistLibrary } from '../../apps/server/src/platform/checklists/checklist-library';
import { loadPatrolFrequency } from '../../apps/server/src/grid/patrols/patrol-frequency';
import { createPatrolRepository } from '../../apps/server/src/grid/patrols/patrol.repository';
import { createPatrolService } from '../../apps/server/src/grid/patrols/patrol.service';
import { openInspectorSession } from './bench-session';
import {
  Cleanup,
  analyzeSchema,
  startBenchServer,
  LatencyRecorder,
  benchDatabaseUrl,
  benchSchemaName,
  dropSchema,
  finish,
  hostInfo,
  intFlag,
  loadFlags,
  lastJson,
  log,
  parseFlags,
  readProcessCpuSeconds,
  redactUrl,
  round,
  runTs,
  seconds,
  withPgClient,
} from './common';

/**
 * npm run bench:patrols -- [--smoke] [--seed N] [--connections N] [--duration S] [--warmup S]
 *
 * Loads the demo city into a fresh PostgreSQL schema and measures, side by side in one run:
 *  (a) the monthly patrol-task generation for the whole city (the service's one INSERT … SELECT
 *      with the frequency and round-robin logic, plus its audit entry) against a plain
 *      INSERT … SELECT of the same rows without that logic, and an idempotent second run;
 *  (b) `my-tasks` (the inspector's list in visiting order) under N concurrent inspectors, each
 *      connection signed in as a different inspector, against /api/health and the plain task
 *      list with the same sessions;
 *  (c) the hazard list for the inspector's grid (`/api/grid/hazards`), when that route exists.
 * Prints one JSON document; the schema, the server and the temporary directory are removed at
 * the end, on failure and on Ctrl-C too.
 */

const GENERATION_TARGET_SECONDS = 10;
const MY_TASKS_P95_TARGET_MS = 100;

interface Settings {
  size: 'full' | 'small';
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

// ---------------------------------------------------------------------------------------------
const HAZARDS_PER_ENTERPRISE = 3;

/**
 * Hazards written straight to the table in one statement (the list reads hazards, not their
 * history): per enterprise, `perEnterprise` found over the last year, about 80 % closed, the rest
 * spread over the open states, one in fifty major.
 */
async function seedHazards(url: string, schema: string, perEnterprise: number) {
  const started = performance.now();
  const inserted = await withPgClient(url, async (c) => {
    await c.query(`SET search_path TO "${schema}"`);
    const result = await c.query(
      `INSERT INTO hazard (enterprise_id, grid_id, community_id, street_id, district_id, description,
         source, level, major_hazard_ref, status, deadline, listed_for_supervision, found_at,
         reported_by, reported_at, closed_at, client_id)
       SELECT e.id, e.grid_id, e.community_id, e.street_id, e.district_id, '压测隐患',
         'patrol', CASE WHEN (e.id + n) % 50 = 0 THEN 'major' ELSE 'general' END,
         CASE WHEN (e.id + n) % 50 = 0 THEN 'major-hazard-criteria-2023:3:1' END,
         s.status,
         CASE WHEN s.status = 'reported' THEN NULL ELSE (f.at + interval '30 days')::date END,
         (e.id + n) % 50 = 0, f.at, u.id, f.at,
         CASE WHEN s.status = 'closed' THEN f.at + interval '20 days' END,
         gen_random_uuid()
       FROM enterprise e
       CROSS JOIN generate_series(1, $1::int) AS n
       CROSS JOIN LATERAL (SELECT now() - ((e.id * 7 + n * 101) % 365) * interval '1 day' AS at) f
       CROSS JOIN LATERAL (SELECT (ARRAY['closed','closed','closed','closed','closed','closed','closed',
         'closed','reported','assigned','rectifying','submitted'])[1 + (e.id + n * 5) % 12] AS status) s
       CROSS JOIN (SELECT id FROM app_user ORDER BY id LIMIT 1) u`,
      [perEnterprise],
    );
    await c.query('ANALYZE hazard');
    return result.rowCount ?? 0;
  });
  return { rows: inserted, perEnterprise, seconds: seconds(started) };
}

// (a) Generation, in this process against the benchmark's schema.

async function measureGeneration(url: string, schema: string, month: string) {
  const database = await openDatabase({ databaseUrl: url, databaseSchema: schema, dataDir: '' });
  try {
    const { db } = database;
    const admin = await db
      .insertInto('app_user')
      .values({
        username: `bench-planner-${Date.now()}`,
        display_name: '压测计划员',
        role: 'city_admin',
        password_hash: 'no-sign-in',
        synthetic: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor: Actor = {
      userId: admin.id,
      username: 'bench-planner',
      displayName: '压测计划员',
      role: 'city_admin',
      scope: { ...EMPTY_SCOPE, city: true },
      scopeIds: ['440300'],
      ip: '127.0.0.1',
      stage: 'active',
    };
    const service = createPatrolService({
      db,
      patrols: createPatrolRepository(db),
      reference: createReferenceNamesCache(db),
      checklists: createChecklistLibrary(regulationLibrary().catalogue),
      frequency: loadPatrolFrequency(),
      clock: () => new Date(),
    });
    const counts = await sql<{ enterprises: number; operating: number; assignments: number }>`
      SELECT (SELECT count(*) FROM enterprise)::int AS enterprises,
             (SELECT count(*) FROM enterprise WHERE status = 'operating')::int AS operating,
             (SELECT count(*) FROM grid_assignment WHERE valid_to IS NULL)::int AS assignments
    `.execute(db);

    const timed = async <T>(fn: () => Promise<T>) => {
      const started = performance.now();
      const result = await fn();
      return { seconds: seconds(started), result };
    };
    log(`generation: ${month} for the whole city`);
    const first = await timed(() => service.generate(actor, { month }));
    log(`generation: ${first.result.created} tasks in ${first.seconds} s; again (idempotent)`);
    const again = await timed(() => service.generate(actor, { month }));
    const following = nextMonth(month);
    log(`generation: ${following} (a second fresh month)`);
    const second = await timed(() => service.generate(actor, { month: following }));

    // The same enterprises, one fixed inspector, due on the 1st: what the logic costs over a bare copy.
    const due = await db
      .selectFrom('patrol_task')
      .select('enterprise_id')
      .where('month', '=', `${month}-01`)
      .where('kind', '=', 'planned')
      .execute();
    const ids = due.map((r) => r.enterprise_id);
    const anyInspector = await db
      .selectFrom('inspector')
      .select('id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const baselineMonth = '2099-01-01';
    log(`baseline: plain INSERT … SELECT of the same ${ids.length} enterprises`);
    const baseline = await timed(() =>
      db.transaction().execute(async (trx) => {
        const r = await sql<{ n: number }>`
          WITH inserted AS (
            INSERT INTO patrol_task (kind, enterprise_id, grid_id, street_id, inspector_id, month, due_date)
            SELECT 'planned', e.id, e.grid_id, e.street_id, ${anyInspector.id}::bigint, ${baselineMonth}::date, ${baselineMonth}::date
            FROM enterprise e
            WHERE e.id = ANY(${ids}::bigint[])
            ON CONFLICT (enterprise_id, month) WHERE kind = 'planned' DO NOTHING
            RETURNING 1
          )
          SELECT count(*)::int AS n FROM inserted
        `.execute(trx);
        return r.rows[0]!.n;
      }),
    );
    await db.deleteFrom('patrol_task').where('month', '=', baselineMonth).execute();

    const balance = await sql<{ worst_spread: number; grids: number; inspectors: number }>`
      SELECT max(spread)::int AS worst_spread, count(*)::int AS grids, sum(k)::int AS inspectors
      FROM (
        SELECT grid_id, max(n) - min(n) AS spread, count(*) AS k
        FROM (SELECT grid_id, inspector_id, count(*) AS n FROM patrol_task
              WHERE month = ${`${month}-01`}::date AND kind = 'planned' GROUP BY grid_id, inspector_id) per
        GROUP BY grid_id
      ) g
    `.execute(db);
    return {
      city: counts.rows[0],
      month,
      generation: { seconds: first.seconds, ...first.result },
      idempotentRerun: { seconds: again.seconds, ...again.result },
      secondMonth: { seconds: second.seconds, ...second.result },
      baselinePlainInsertSelect: { seconds: baseline.seconds, rows: baseline.result },
      overheadFactor: baseline.seconds > 0 ? round(first.seconds / baseline.seconds, 1) : null,
      balance: balance.rows[0],
    };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// (b), (c) HTTP load: one signed-in inspector per connection.

interface BenchInspector {
  headers: Record<string, string>;
  gridId: string;
  lat: number;
  lon: number;
  tasks: number;
}

/**
 * Accounts for the N inspectors with the most open tasks this month (the heaviest lists), each
 * scoped to its current grids, with a session written straight into the schema
 * (`openInspectorSession` in bench-session.ts: no argon2 in the figures, no usable password).
 */
async function openInspectorSessions(url: string, schema: string, n: number, month: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    const picked = await client.query<{
      inspector_id: string;
      grid_id: string;
      lat: number;
      lon: number;
      n: string;
    }>(
      `SELECT t.inspector_id, min(t.grid_id) AS grid_id, avg(e.lat) AS lat, avg(e.lon) AS lon, count(*) AS n
       FROM patrol_task t JOIN enterprise e ON e.id = t.enterprise_id
       WHERE t.month = $1::date AND t.status IN ('open', 'checked_in')
       GROUP BY t.inspector_id ORDER BY count(*) DESC, t.inspector_id LIMIT $2`,
      [`${month}-01`, n],
    );
    const out: BenchInspector[] = [];
    for (const row of picked.rows) {
      const session = await openInspectorSession(client, row.inspector_id);
      out.push({
        headers: session.headers,
        gridId: row.grid_id,
        // Somewhere near the middle of the inspector's enterprises, off by a few hundred metres.
        lat: round(Number(row.lat) + 0.003, 5),
        lon: round(Number(row.lon) - 0.003, 5),
        tasks: Number(row.n),
      });
    }
    return out;
  } finally {
    await client.end();
  }
}

async function fire(
  url: string,
  pathFor: (inspector: BenchInspector) => string,
  inspectors: BenchInspector[],
  connections: number,
  durationSeconds: number,
  record: LatencyRecorder | undefined,
) {
  let next = 0;
  const first = inspectors[0]!;
  const instance = autocannon({
    url,
    connections,
    duration: durationSeconds,
    timeout: 10,
    requests: [{ method: 'GET', path: pathFor(first), headers: first.headers }],
    // Connection i is inspector i: N different people asking for their own lists at once.
    setupClient: (client) => {
      const inspector = inspectors[next++ % inspectors.length]!;
      const request: AutocannonRequest = {
        method: 'GET',
        path: pathFor(inspector),
        headers: inspector.headers,
      };
      client.setRequests([request]);
    },
  });
  if (record) instance.on('response', (_client, _status, _bytes, ms) => record.add(ms));
  return instance;
}

async function scenario(
  name: string,
  url: string,
  pathFor: (inspector: BenchInspector) => string,
  inspectors: BenchInspector[],
  settings: Settings,
  serverPid: number | undefined,
) {
  log(`${name}: warm-up ${settings.warmupSeconds} s`);
  await fire(url, pathFor, inspectors, settings.connections, settings.warmupSeconds, undefined);
  log(`${name}: measuring ${settings.durationSeconds} s with ${settings.connections} connections`);
  const all = new LatencyRecorder();
  const cpu0 = serverPid ? readProcessCpuSeconds(serverPid) : undefined;
  const started = performance.now();
  const result = await fire(url, pathFor, inspectors, settings.connections, settings.durationSeconds, all);
  const wall = (performance.now() - started) / 1000;
  const cpu1 = serverPid ? readProcessCpuSeconds(serverPid) : undefined;
  const summary = {
    requestsPerSecond: round(result.requests.average, 1),
    totalRequests: result.latency.totalCount,
    latencyMs: { source: 'every response, exact (nearest rank)', ...all.summary() },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    serverCpuPercent:
      cpu0 !== undefined && cpu1 !== undefined ? round(((cpu1 - cpu0) / wall) * 100, 0) : null,
  };
  log(
    `${name}: ${summary.requestsPerSecond} req/s, p50 ${summary.latencyMs.p50Ms} ms, p95 ${summary.latencyMs.p95Ms} ms, non-2xx ${summary.non2xx}`,
  );
  return summary;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const flags = parseFlags(process.argv.slice(2), ['seed', 'connections', 'duration', 'warmup']);
  const seed = intFlag(flags, 'seed', loadConfig({}).demoSeed, 0, 2 ** 31 - 1);
  const smoke = flags.smoke;
  const settings: Settings = {
    size: smoke ? 'small' : 'full',
    ...loadFlags(flags, 50),
  };
  const cleanup = new Cleanup();
  const disarm = cleanup.installHandlers(smoke ? 5 * 60_000 : 15 * 60_000);
  const problems: string[] = [];
  const url = benchDatabaseUrl();
  const schema = benchSchemaName('patrols');
  // The server's "today" decides what my-tasks returns: generate the month it is in.
  const month = shenzhenToday().slice(0, 7);
  const document: Record<string, unknown> = {
    benchmark: 'patrols',
    mode: smoke ? 'smoke' : 'full',
    startedAt: new Date().toISOString(),
    host: { ...hostInfo(), loadAverage1mAtStart: round(loadavg()[0] ?? 0) },
    settings: { ...settings, seed, database: redactUrl(url), schema, month },
  };

  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'safegrid-bench-patrols-'));
    cleanup.add(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
    cleanup.add(`drop schema ${schema}`, () => dropSchema(url, schema));

    log(`loading the ${settings.size} demo city into ${schema}`);
    const loadStarted = performance.now();
    const dbEnv = { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema, SAFEGRID_DATA_DIR: dataDir };
    const load = await runTs(
      'tools/demo-city/cli.ts',
      [settings.size === 'small' ? '--small' : '--full', '--seed', String(seed)],
      { env: dbEnv, timeoutMs: 5 * 60_000, cleanup, what: 'demo city load' },
    );
    if (load.code !== 0) throw new Error(`demo city load failed (${load.code ?? load.signal})`);
    document.cityLoad = {
      seconds: seconds(loadStarted),
      counts: (lastJson(load.stdout)?.counts as unknown) ?? null,
      analyzeSeconds: await analyzeSchema(url, schema),
    };

    const generation = await measureGeneration(url, schema, month);
    document.generation = generation;
    // A year's worth of hazards (three per enterprise, most closed) so the hazard list is timed
    // on a realistic table rather than an empty one.
    document.hazardSeed = await seedHazards(url, schema, HAZARDS_PER_ENTERPRISE);
    // Fresh statistics for the planner now that patrol_task holds two months.
    await analyzeSchema(url, schema);

    const { api, startSeconds, pid: serverPid } = await startBenchServer(dbEnv, cleanup);
    document.serverStartSeconds = startSeconds;

    const inspectors = await openInspectorSessions(url, schema, settings.connections, month);
    if (inspectors.length === 0) throw new Error('no inspector has a task this month');
    const taskCounts = inspectors.map((i) => i.tasks).sort((a, b) => a - b);
    document.workload = {
      inspectors: inspectors.length,
      openTasksPerInspector: {
        min: taskCounts[0],
        median: taskCounts[Math.floor(taskCounts.length / 2)],
        max: taskCounts[taskCounts.length - 1],
      },
      myTasksPath: '/api/grid/patrols/my-tasks?range=month&lat=…&lon=…',
      note: 'the 50 inspectors with the most open tasks this month, range=month: the heaviest lists and routes (worst case); myTasksToday is the default range',
    };

    const myTasks = (i: BenchInspector) => `/api/grid/patrols/my-tasks?range=month&lat=${i.lat}&lon=${i.lon}`;
    // One checked answer before the load: a wrong list would make the timing meaningless.
    const probe = await fetch(api + myTasks(inspectors[0]!), { headers: inspectors[0]!.headers });
    const probeBody = (await probe.json()) as { items?: unknown[]; routeMetres?: number };
    if (probe.status !== 200 || (probeBody.items?.length ?? 0) !== inspectors[0]!.tasks) {
      throw new Error(`my-tasks probe answered ${probe.status} with ${probeBody.items?.length ?? '?'} items`);
    }

    const scenarios: Record<string, unknown> = {};
    scenarios.health = await scenario('health', api, () => '/api/health', inspectors, settings, serverPid);
    scenarios.taskList = await scenario(
      'task list',
      api,
      (i) => `/api/grid/patrols/tasks?gridId=${i.gridId}&month=${month}&limit=50`,
      inspectors,
      settings,
      serverPid,
    );
    scenarios.myTasks = await scenario('my-tasks', api, myTasks, inspectors, settings, serverPid);
    // The phone's default view: today's tasks and the overdue ones (short lists, no heavy route).
    scenarios.myTasksToday = await scenario(
      'my-tasks today',
      api,
      (i) => `/api/grid/patrols/my-tasks?lat=${i.lat}&lon=${i.lon}`,
      inspectors,
      settings,
      serverPid,
    );

    const hazardsPath = (i: BenchInspector) => `/api/grid/hazards?gridId=${i.gridId}&limit=50`;
    const hazardProbe = await fetch(api + hazardsPath(inspectors[0]!), { headers: inspectors[0]!.headers });
    if (hazardProbe.status === 200) {
      const rows = await withPgClient(url, (c) =>
        c
          .query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".hazard`)
          .catch(() => ({ rows: [{ n: '?' }] })),
      );
      scenarios.hazardsForGrid = {
        hazardRows: rows.rows[0]?.n ?? null,
        ...(await scenario('hazards for a grid', api, hazardsPath, inspectors, settings, serverPid)),
      };
    } else {
      scenarios.hazardsForGrid = { skipped: `GET /api/grid/hazards answered ${hazardProbe.status}` };
    }
    document.scenarios = scenarios;

    for (const [name, s] of Object.entries(scenarios) as [string, { non2xx?: number; errors?: number }][]) {
      if ((s.non2xx ?? 0) > 0 || (s.errors ?? 0) > 0)
        problems.push(`${name}: ${s.non2xx} non-2xx, ${s.errors} errors`);
    }
    const p95 = (scenarios.myTasks as { latencyMs: { p95Ms: number } }).latencyMs.p95Ms;
    const hazardP95 =
      (scenarios.hazardsForGrid as { latencyMs?: { p95Ms: number } }).latencyMs?.p95Ms ?? null;
    document.targets = {
      asserted: !smoke,
      generationSeconds: {
        max: GENERATION_TARGET_SECONDS,
        actual: generation.generation.seconds,
        pass: smoke ? null : generation.generation.seconds <= GENERATION_TARGET_SECONDS,
      },
      myTasksP95: {
        maxMs: MY_TASKS_P95_TARGET_MS,
        actualMs: p95,
        connections: settings.connections,
        pass: smoke ? null : p95 <= MY_TASKS_P95_TARGET_MS,
      },
      hazardListP95: {
        maxMs: MY_TASKS_P95_TARGET_MS,
        actualMs: hazardP95,
        connections: settings.connections,
        pass: smoke || hazardP95 === null ? null : hazardP95 <= MY_TASKS_P95_TARGET_MS,
      },
      roundRobinBalance: { maxSpreadPerGrid: 1, actual: generation.balance?.worst_spread ?? null },
    };
    if ((generation.balance?.worst_spread ?? 0) > 1)
      problems.push('round-robin: a grid has a spread above 1');
    if (!smoke) {
      if (generation.generation.seconds > GENERATION_TARGET_SECONDS)
        problems.push('generation over its target');
      if (p95 > MY_TASKS_P95_TARGET_MS) problems.push('my-tasks p95 over its target');
      if (hazardP95 !== null && hazardP95 > MY_TASKS_P95_TARGET_MS)
        problems.push('hazard list p95 over its target');
    }
  } catch (error) {
    problems.push((error as Error).message);
    log(`error: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cleanup.run();
    disarm();
  }
  document.cleanup = { schemaDropped: schema, childrenStopped: true, tempDirRemoved: true };
  document.ok = problems.length === 0;
  document.problems = problems;
  finish(document, problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
