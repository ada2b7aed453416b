import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon, { type AutocannonRequest } from 'autocannon';
import { loadConfig } from '../../apps/server/src/config';
import { buildApp } from '../../apps/server/src/app';
import { openDatabase, type Database } from '../../apps/server/src/platform/db/database';
import {
  setAuditEnabledForBenchmark,
  startAuditSealer,
  verifyAuditChain,
} from '../../apps/server/src/platform/audit/audit-trail';
import { openBenchSession } from './bench-session';
import { loadDemoCity } from '../demo-city/load';
import {
  Cleanup,
  LatencyRecorder,
  REPO_ROOT,
  benchDatabaseUrl,
  dropSchema,
  finish,
  freePort,
  hostInfo,
  intFlag,
  log,
  parseFlags,
  readHostCpu,
  readProcessCpuSeconds,
  redactUrl,
  round,
  seconds,
  stopChild,
  withPgClient,
  benchSchemaName,
  waitForHttp,
} from './common';

/**
 * npm run bench:audit -- [--smoke] [--seed N] [--connections N] [--duration S] [--rounds N]
 *
 * What the audit trail costs a typical write: PATCH /api/enterprises/:id (a new `employees`,
 * cycling over the 5,000 enterprises of the small demo city so no row is hot), signed in as a
 * city admin, timed with the audit entry (one more statement in the change's transaction, queued
 * on audit_head's row lock) and without it, in interleaved rounds (AB BA AB BA) on ONE server process
 * so machine noise, JIT and caches hit both alike. The baseline flips appendAudit off through
 * setAuditEnabledForBenchmark, over IPC, between rounds. Loads the data into a schema of its
 * own, drops it at the end (on failure and Ctrl-C too) and prints one JSON document.
 */

const SCRIPT = 'tools/bench/bench-audit.ts';
/** Target: the audited endpoint at most 15 % slower (requests/s) than without the trail. */
const MAX_SLOWDOWN_PERCENT = 15;

interface Settings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  seed: number;
}

// ---------------------------------------------------------------------------------------------
// Child side (--serve): the real app on the bench schema, audit switched by the parent over IPC.

async function serve(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const app = await buildApp({ config, database, healthChecks: [] });
  // As in main.ts: the sealer chains entries in the background, and its cost counts as audit cost.
  const sealer = startAuditSealer(database.db);
  await app.listen({ host: config.host, port: config.port });
  process.on('message', (message: { audit?: unknown }) => {
    if (typeof message.audit !== 'boolean') return;
    setAuditEnabledForBenchmark(message.audit);
    process.send?.({ audit: message.audit });
  });
  const stop = async () => {
    await app.close().catch(() => {});
    await sealer.stop().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.once('disconnect', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// Parent side

function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, SCRIPT), '--serve'], {
    cwd: REPO_ROOT,
    env,
    // stdout of a child must never reach ours (the one JSON document lives there); 'ipc' carries
    // the audit switch.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.stdout?.pipe(process.stderr);
  return child;
}

/** Flips the server's audit switch and waits for it to confirm. */
function setServerAudit(child: ChildProcess, audit: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not confirm the audit switch')), 10_000);
    const onMessage = (message: { audit?: unknown }) => {
      if (message.audit !== audit) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.send({ audit });
  });
}

/** Every enterprise once, in a shuffled order; `employees` differs per round so each PATCH changes the row. */
function workload(ids: string[], headers: Record<string, string>, round: number): AutocannonRequest[] {
  return ids.map((id, i) => ({
    method: 'PATCH',
    path: `/api/enterprises/${id}`,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ employees: 1 + ((i * 7 + round * 13) % 997) }),
  }));
}

interface RoundResult {
  arm: 'audited' | 'baseline';
  round: number;
  seconds: number;
  responses2xx: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  auditEntriesWritten: number;
  serverCpuPercent: number | null;
  hostBusyPercent: number | null;
}

async function headSeq(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * autocannon stops at its deadline with requests still in the server; wait until their audit
 * entries (if any) have landed, so each round's count is its own.
 */
async function settle(database: Database): Promise<number> {
  let last = await headSeq(database);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await headSeq(database);
    if (now === last) return now;
    last = now;
  }
  return last;
}

async function fire(
  url: string,
  requests: AutocannonRequest[],
  settings: Settings,
  durationSeconds: number,
  recorder: LatencyRecorder | undefined,
) {
  let nextClient = 0;
  const instance = autocannon({
    url,
    connections: settings.connections,
    duration: durationSeconds,
    timeout: 10,
    requests,
    // Each connection starts at a different place in the list: concurrent writes hit different rows.
    setupClient: (client) => {
      const offset = Math.floor((nextClient++ * requests.length) / settings.connections) % requests.length;
      client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
    },
  });
  let ok = 0;
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) {
      ok += 1;
      recorder?.add(ms);
    }
  });
  const result = await instance;
  return { result, ok };
}

/**
 * One connection committing one-row UPDATEs back to back: each audited write holds audit_head's
 * row lock from its append until its commit has reached the disk, so this rate (≈ 1 / commit
 * latency, no group commit possible) is the ceiling of audited writes per second.
 */
async function serialCommitCeiling(url: string, schema: string, durationSeconds: number) {
  return withPgClient(url, async (c) => {
    await c.query(`CREATE TABLE "${schema}".commit_probe (id int PRIMARY KEY, n bigint NOT NULL)`);
    await c.query(`INSERT INTO "${schema}".commit_probe VALUES (1, 0)`);
    const deadline = performance.now() + durationSeconds * 1000;
    const started = performance.now();
    let commits = 0;
    while (performance.now() < deadline) {
      await c.query(`UPDATE "${schema}".commit_probe SET n = n + 1 WHERE id = 1`);
      commits += 1;
    }
    const elapsed = (performance.now() - started) / 1000;
    const settings = await c.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method')",
    );
    await c.query(`DROP TABLE "${schema}".commit_probe`);
    return {
      commitsPerSecond: round(commits / elapsed, 1),
      meanCommitMs: round((elapsed * 1000) / Math.max(1, commits), 2),
      postgres: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    };
  });
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), ['seed', 'connections', 'duration', 'warmup', 'rounds']);
  const smoke = flags.smoke;
  const settings: Settings = {
    connections: intFlag(flags, 'connections', smoke ? 5 : 20, 1, 200),
    durationSeconds: intFlag(flags, 'duration', smoke ? 2 : 10, 1, 120),
    warmupSeconds: intFlag(flags, 'warmup', smoke ? 1 : 3, 1, 30),
    rounds: intFlag(flags, 'rounds', smoke ? 1 : 4, 1, 20),
    seed: intFlag(flags, 'seed', loadConfig({}).demoSeed, 0, 2 ** 31 - 1),
  };

  const cleanup = new Cleanup();
  const disarm = cleanup.installHandlers(smoke ? 5 * 60_000 : 20 * 60_000);
  const problems: string[] = [];
  const url = benchDatabaseUrl();
  const schema = benchSchemaName('audit');
  const document: Record<string, unknown> = {
    benchmark: 'audit-write-overhead',
    mode: smoke ? 'smoke' : 'full',
    startedAt: new Date().toISOString(),
    host: { ...hostInfo(), loadAverage1mAtStart: round(loadavg()[0] ?? 0) },
    settings: {
      ...settings,
      endpoint: 'PATCH /api/enterprises/:id {employees}',
      order: 'warm-up both, then rounds of A (audited) and B (baseline): AB BA AB BA …',
      database: redactUrl(url),
      schema,
    },
  };

  try {
    cleanup.add(`drop schema ${schema}`, () => dropSchema(url, schema));
    log(`loading the small demo city into ${schema}`);
    const loadStarted = performance.now();
    const database = await openDatabase({ databaseUrl: url, databaseSchema: schema, dataDir: '' });
    cleanup.add('close the bench connection', () => database.close());
    const city = await loadDemoCity(database, { size: 'small', seed: settings.seed });
    const session = (await openBenchSession(url, schema)).headers;
    const ids = (await database.db.selectFrom('enterprise').select('id').orderBy('id').execute()).map(
      (r) => r.id,
    );
    // Spread consecutive requests over the table rather than walking it in id order.
    for (let i = ids.length - 1; i > 0; i--) {
      const j = (i * 2654435761) % (i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    await withPgClient(url, async (c) => {
      const tables = await c.query<{ name: string }>(
        'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1',
        [schema],
      );
      for (const t of tables.rows) await c.query(`ANALYZE "${schema}"."${t.name}"`);
    });
    document.data = { loadSeconds: seconds(loadStarted), enterprises: city.counts.enterprises };

    const port = await freePort();
    const serverEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SAFEGRID_ROLES: 'web',
      DEMO_CITY: 'none',
    };
    const server = startServer(serverEnv);
    cleanup.add('stop server', () => stopChild(server));
    const base = `http://127.0.0.1:${port}`;
    document.serverStartSeconds = await waitForHttp(`${base}/api/health`, server, 'the server', 90_000);

    // One request by hand: the endpoint, the session and the audit entry work before timing.
    const probe = await fetch(`${base}/api/enterprises/${ids[0]}`, {
      method: 'PATCH',
      headers: { ...session, 'content-type': 'application/json' },
      body: JSON.stringify({ employees: 42 }),
    });
    if (probe.status !== 200) throw new Error(`PATCH answered ${probe.status}: ${await probe.text()}`);

    const arms = ['audited', 'baseline'] as const;
    let roundNo = 0;
    for (const arm of arms) {
      await setServerAudit(server, arm === 'audited');
      log(`warm-up ${arm}: ${settings.warmupSeconds} s`);
      await fire(base, workload(ids, session, roundNo++), settings, settings.warmupSeconds, undefined);
    }

    const latency = { audited: new LatencyRecorder(), baseline: new LatencyRecorder() };
    const rounds: RoundResult[] = [];
    for (let r = 1; r <= settings.rounds; r++) {
      // A B, B A, A B, …: a drift during the run (dead tuples piling up, a neighbour starting)
      // weighs on both arms alike instead of always on the second.
      for (const arm of r % 2 === 1 ? arms : ([...arms].reverse() as (typeof arms)[number][])) {
        await setServerAudit(server, arm === 'audited');
        const seq0 = await settle(database);
        const host0 = readHostCpu();
        const cpu0 = server.pid ? readProcessCpuSeconds(server.pid) : undefined;
        const started = performance.now();
        const { result, ok } = await fire(
          base,
          workload(ids, session, roundNo++),
          settings,
          settings.durationSeconds,
          latency[arm],
        );
        const wall = (performance.now() - started) / 1000;
        // autocannon's own measured duration: the wall time above also holds connecting and closing.
        const measured = result.duration > 0 ? result.duration : wall;
        const cpu1 = server.pid ? readProcessCpuSeconds(server.pid) : undefined;
        const host1 = readHostCpu();
        const entries = (await settle(database)) - seq0;
        const one: RoundResult = {
          arm,
          round: r,
          seconds: round(measured, 2),
          responses2xx: ok,
          requestsPerSecond: round(ok / measured, 1),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          auditEntriesWritten: entries,
          serverCpuPercent:
            cpu0 !== undefined && cpu1 !== undefined ? round(((cpu1 - cpu0) / wall) * 100, 0) : null,
          hostBusyPercent:
            host0 && host1
              ? round(((host1.busy - host0.busy) / Math.max(1, host1.total - host0.total)) * 100, 0)
              : null,
        };
        rounds.push(one);
        log(`round ${r} ${arm}: ${one.requestsPerSecond} req/s, ${entries} audit entries`);
        if (one.non2xx > 0 || one.errors > 0 || one.timeouts > 0) {
          problems.push(
            `round ${r} ${arm}: ${one.non2xx} non-2xx, ${one.errors} errors, ${one.timeouts} timeouts`,
          );
        }
        // The switch really was on or off: one entry per answered write, or none.
        if (arm === 'baseline' && entries !== 0)
          problems.push(`baseline round ${r} wrote ${entries} audit entries`);
        if (arm === 'audited' && entries < ok) {
          problems.push(`audited round ${r} wrote ${entries} audit entries for ${ok} writes`);
        }
      }
    }
    await setServerAudit(server, true);

    const summary = (arm: (typeof arms)[number]) => {
      const mine = rounds.filter((x) => x.arm === arm);
      const total = mine.reduce((a, x) => a + x.responses2xx, 0);
      const wall = mine.reduce((a, x) => a + x.seconds, 0);
      const l = latency[arm].summary();
      return {
        requestsPerSecond: round(total / wall, 1),
        perRound: mine.map((x) => x.requestsPerSecond),
        latencyMs: { p50: l.p50Ms, p95: l.p95Ms, p99: l.p99Ms, mean: l.meanMs, max: l.maxMs, count: l.count },
      };
    };
    const audited = summary('audited');
    const baseline = summary('baseline');
    const ratio = round(audited.requestsPerSecond / Math.max(0.001, baseline.requestsPerSecond), 3);
    const slowdownPercent = round((1 - ratio) * 100, 1);
    const pass = slowdownPercent <= MAX_SLOWDOWN_PERCENT;
    if (!smoke && !pass)
      problems.push(`audited is ${slowdownPercent} % slower (target ≤ ${MAX_SLOWDOWN_PERCENT} %)`);

    const ceiling = await serialCommitCeiling(url, schema, smoke ? 1 : 3);

    // Everything the audited rounds wrote (plus the probe and warm-up) must still verify.
    const chain = await verifyAuditChain(database.db);
    if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBrokenSeq} (${chain.reason})`);

    document.result = {
      audited,
      baseline,
      auditedToBaselineRps: ratio,
      slowdownPercent,
      p50LatencyRatio: round(audited.latencyMs.p50 / Math.max(0.001, baseline.latencyMs.p50), 3),
      p95LatencyRatio: round(audited.latencyMs.p95 / Math.max(0.001, baseline.latencyMs.p95), 3),
      serialCommitCeiling: {
        note: 'audited writes serialise on audit_head until commit: they cannot exceed this rate',
        ...ceiling,
      },
    };
    document.target = {
      maxSlowdownPercent: MAX_SLOWDOWN_PERCENT,
      asserted: !smoke,
      pass,
    };
    document.rounds = rounds;
    // Other work on the host shows here: read the ratio with it in mind.
    document.loadAverage1mAtEnd = round(loadavg()[0] ?? 0);
    document.auditChain = { ok: chain.ok, checked: chain.checked, firstBrokenSeq: chain.firstBrokenSeq };
  } catch (error) {
    problems.push((error as Error).message);
    log(`error: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cleanup.run();
    disarm();
  }
  document.cleanup = { schemaDropped: schema, serverStopped: true };
  document.ok = problems.length === 0;
  document.problems = problems;
  finish(document, problems.length === 0 ? 0 : 1);
}

if (process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    console.error('bench-audit server failed:', error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
