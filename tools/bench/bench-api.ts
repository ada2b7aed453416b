import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import { loadConfig } from '../../apps/server/src/config';
import { openBenchSession } from './bench-session';
import {
  Cleanup,
  analyzeSchema,
  distinctFreePorts,
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
  readHostCpu,
  readProcessCpuSeconds,
  redactUrl,
  round,
  runTs,
  seconds,
  spawnTs,
  stopChild,
  waitForHttp,
  withPgClient,
} from './common';

/**
 * npm run bench:api -- [--smoke] [--seed N] [--connections N] [--duration S] [--warmup S]
 *
 * Loads the demo city into a fresh PostgreSQL schema (with the demo-city CLI), starts the real
 * server and a bare Fastify "ping" server as child processes, and drives them with autocannon
 * from this process: the ping ceiling, enterprise search with realistic Chinese fragments and
 * filters, and map viewports. Prints one JSON document; the schema, the children and the
 * temporary directory are removed at the end, on failure and on Ctrl-C too.
 */

const SEARCH_P95_TARGET_MS = 50;

interface Settings {
  size: 'full' | 'small';
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

interface TaggedRequest {
  path: string;
  kind: string;
}

// ---------------------------------------------------------------------------------------------
// Servers

/** The session every API request of the benchmark carries (set once the server is up). */
let sessionHeaders: Record<string, string> = {};

async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(base + path, { signal: AbortSignal.timeout(30_000), headers: sessionHeaders });
  if (response.status !== 200)
    throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

// ---------------------------------------------------------------------------------------------
// Workload: queries taken from the loaded data, so every fragment is one a user could type.

/** mulberry32: a seeded, repeatable pick of names and fragments across runs. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    shuffle: <T>(list: T[]): T[] => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return list;
    },
  };
}

interface TreeNode {
  id: string;
  level: string;
  name: string;
  center: [number, number] | null;
  enterpriseCount: number;
}
interface Page {
  items: { name: string; districtName: string }[];
  nextCursor: string | null;
}

/**
 * The distinctive part of a name: users type the brand or the trade ("鑫达", "精密五金"), not
 * 深圳市 or 有限公司, which every firm shares.
 */
function nameCore(name: string): string {
  return name.replace(/^深圳市?/, '').replace(/(科技有限公司|实业有限公司|股份有限公司|有限公司|厂)$/, '');
}

function fragmentOf(name: string, random: ReturnType<typeof prng>): string | undefined {
  const core = [...nameCore(name)];
  if (core.length < 2) return undefined;
  const length = random.int(2, Math.min(4, core.length));
  const start = random.int(0, core.length - length);
  return core.slice(start, start + length).join('');
}

/** Web-Mercator viewport of width×height pixels around a point, as the map would request it. */
function viewport([lon, lat]: [number, number], zoom: number, width = 1280, height = 800): string {
  const degreesPerPixel = 360 / (256 * 2 ** zoom);
  const halfLon = (width / 2) * degreesPerPixel;
  const halfLat = (height / 2) * degreesPerPixel * Math.cos((lat * Math.PI) / 180);
  return [lon - halfLon, lat - halfLat, lon + halfLon, lat + halfLat].map((v) => v.toFixed(5)).join(',');
}

async function buildWorkload(base: string, seed: number) {
  const random = prng(seed);
  const { nodes } = await getJson<{ nodes: TreeNode[] }>(base, '/api/jurisdictions/tree');
  const districts = nodes.filter((n) => n.level === 'district' && n.enterpriseCount > 0);
  const streets = nodes.filter((n) => n.level === 'street' && n.enterpriseCount > 0);
  if (districts.length === 0) throw new Error('the jurisdiction tree has no district with enterprises');

  // Names from many streets (not just the first ids) so fragments cover the whole city.
  const namesByDistrict = new Map<string, string[]>();
  const districtIdByName = new Map(districts.map((d) => [d.name, d.id]));
  for (const street of random.shuffle([...streets]).slice(0, 24)) {
    const page = await getJson<Page>(base, `/api/enterprises?jurisdictionId=${street.id}&limit=20`);
    for (const item of page.items) {
      const districtId = districtIdByName.get(item.districtName);
      if (!districtId) continue;
      const list = namesByDistrict.get(districtId) ?? [];
      list.push(item.name);
      namesByDistrict.set(districtId, list);
    }
  }
  const allNames = [...namesByDistrict.values()].flat();
  if (allNames.length === 0) throw new Error('no enterprise names to take fragments from');

  const search: TaggedRequest[] = [];
  const fragments: { q: string; firstPage: number; more: boolean }[] = [];
  const cursors: { q: string; cursor: string }[] = [];
  const seen = new Set<string>();
  for (let attempts = 0; fragments.length < 30 && attempts < 300; attempts++) {
    const q = fragmentOf(random.pick(allNames), random);
    if (!q || seen.has(q)) continue;
    seen.add(q);
    // Each fragment is checked once: it must find its own firm, or the search is broken.
    const page = await getJson<Page>(base, `/api/enterprises?${new URLSearchParams({ q })}`);
    if (page.items.length === 0) throw new Error(`search for ${q}, taken from a real name, found nothing`);
    fragments.push({ q, firstPage: page.items.length, more: page.nextCursor !== null });
    // "Common" fragments (a full first page, more to come) and "rare" ones take different plans.
    search.push({
      path: `/api/enterprises?${new URLSearchParams({ q })}`,
      kind: page.nextCursor ? 'q:common' : 'q:rare',
    });
    if (page.nextCursor && cursors.length < 6) cursors.push({ q, cursor: page.nextCursor });
  }
  for (const { q, cursor } of cursors) {
    search.push({ path: `/api/enterprises?${new URLSearchParams({ q, cursor })}`, kind: 'q+cursor' });
  }
  const districtIds = [...namesByDistrict.keys()];
  for (let i = 0; i < 8; i++) {
    const districtId = districtIds[i % districtIds.length]!;
    const q = fragmentOf(random.pick(namesByDistrict.get(districtId)!), random);
    if (!q) continue;
    const query = new URLSearchParams({ q, jurisdictionId: districtId, status: 'operating' });
    search.push({ path: `/api/enterprises?${query}`, kind: 'q+district+status' });
  }
  for (const d of districts.slice(0, 4)) {
    const query = new URLSearchParams({ jurisdictionId: d.id, status: 'operating' });
    search.push({ path: `/api/enterprises?${query}`, kind: 'district+status' });
  }

  const map: TaggedRequest[] = [];
  for (const d of districts) {
    if (d.center)
      map.push({ path: `/api/map/enterprises?bbox=${viewport(d.center, 11)}&zoom=11`, kind: 'zoom11' });
  }
  for (const s of random.shuffle([...streets]).slice(0, 10)) {
    if (s.center)
      map.push({ path: `/api/map/enterprises?bbox=${viewport(s.center, 14)}&zoom=14`, kind: 'zoom14' });
  }

  return {
    search: random.shuffle(search),
    map: random.shuffle(map),
    fragments,
    districts: districts.map((d) => ({ id: d.id, name: d.name })),
  };
}

// ---------------------------------------------------------------------------------------------
// Load generation

function summariseCannon(result: AutocannonResult) {
  return {
    requestsPerSecond: round(result.requests.average, 1),
    totalRequests: result.latency.totalCount,
    autocannonLatencyMs: {
      note: 'autocannon 8 reports no p95; its histogram covers 2xx only, 1 ms resolution',
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      mean: result.latency.mean,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
  };
}

async function fire(
  url: string,
  requests: TaggedRequest[],
  connections: number,
  durationSeconds: number,
  record: boolean,
) {
  const kindOf = new Map(requests.map((r) => [r.path, r.kind]));
  const list: AutocannonRequest[] = requests.map((r) => ({
    method: 'GET',
    path: r.path,
    headers: sessionHeaders,
  }));
  const all = new LatencyRecorder();
  const byKind = new Map<string, LatencyRecorder>();
  const byPath = new Map<string, LatencyRecorder>();
  let nextClient = 0;
  const instance = autocannon({
    url,
    connections,
    duration: durationSeconds,
    timeout: 10,
    requests: list,
    // Each connection starts at a different place in the list, so at any moment the 50 clients
    // ask different questions rather than the same one in lock-step.
    setupClient: (client) => {
      const offset = (nextClient++ * 7) % list.length;
      client.setRequests([...list.slice(offset), ...list.slice(0, offset)]);
    },
  });
  if (record) {
    // The client's current request is still the answered one while 'response' is emitted, so
    // latencies can be split by query kind; autocannon's own histogram cannot.
    const into = (map: Map<string, LatencyRecorder>, key: string, ms: number) => {
      let recorder = map.get(key);
      if (!recorder) map.set(key, (recorder = new LatencyRecorder()));
      recorder.add(ms);
    };
    instance.on('response', (client, _status, _bytes, ms) => {
      all.add(ms);
      const path = client.requestIterator.currentRequest.path ?? '';
      into(byKind, kindOf.get(path) ?? 'other', ms);
      into(byPath, path, ms);
    });
  }
  const result = await instance;
  return { result, all, byKind, byPath };
}

async function scenario(
  name: string,
  url: string,
  requests: TaggedRequest[],
  settings: Settings,
  serverPid: number | undefined,
  databaseBackends?: () => Promise<number[]>,
) {
  log(`${name}: warm-up ${settings.warmupSeconds} s`);
  await fire(url, requests, settings.connections, settings.warmupSeconds, false);
  // The pool has opened its connections during the warm-up; their backends are timed like the server.
  const backends = databaseBackends ? await databaseBackends() : [];
  log(`${name}: measuring ${settings.durationSeconds} s with ${settings.connections} connections`);
  const host0 = readHostCpu();
  const server0 = serverPid ? readProcessCpuSeconds(serverPid) : undefined;
  const database0 = backendsCpuSeconds(backends);
  const self0 = process.cpuUsage();
  const started = performance.now();
  const { result, all, byKind, byPath } = await fire(
    url,
    requests,
    settings.connections,
    settings.durationSeconds,
    true,
  );
  const wall = (performance.now() - started) / 1000;
  const host1 = readHostCpu();
  const server1 = serverPid ? readProcessCpuSeconds(serverPid) : undefined;
  const database1 = backendsCpuSeconds(backends);
  const self = process.cpuUsage(self0);
  const requests1 = Math.max(1, all.length);
  const serverSeconds = server0 !== undefined && server1 !== undefined ? server1 - server0 : undefined;
  const databaseSeconds = backends.length > 0 ? database1 - database0 : undefined;
  const generatorSeconds = (self.user + self.system) / 1e6;
  const summary = {
    ...summariseCannon(result),
    latencyMs: { source: 'every response, exact (nearest rank)', ...all.summary() },
    byKind: Object.fromEntries([...byKind.entries()].sort().map(([k, r]) => [k, r.summary()])),
    distinctPaths: requests.length,
    // The individual queries that hurt most, to look at with EXPLAIN ANALYZE.
    slowestPaths: [...byPath.entries()]
      .map(([path, r]) => ({ path: decodeURIComponent(path), ...r.summary() }))
      .sort((a, b) => b.meanMs - a.meanMs)
      .slice(0, 5),
    cpu: {
      // 100 % = one core. Tells whether the server, the load generator or the machine was the limit.
      serverPercent:
        server0 !== undefined && server1 !== undefined ? round(((server1 - server0) / wall) * 100, 0) : null,
      // The server's own PostgreSQL backends (its connections carry this run's application_name).
      postgresPercent: databaseSeconds !== undefined ? round((databaseSeconds / wall) * 100, 0) : null,
      postgresBackends: backends.length,
      loadGeneratorPercent: round((generatorSeconds / wall) * 100, 0),
      hostBusyPercent:
        host0 && host1
          ? round(((host1.busy - host0.busy) / Math.max(1, host1.total - host0.total)) * 100, 0)
          : null,
      // Where the time of one request goes; with two cores, their sum bounds the throughput.
      msPerRequest: {
        server: serverSeconds !== undefined ? round((serverSeconds * 1000) / requests1, 3) : null,
        postgres: databaseSeconds !== undefined ? round((databaseSeconds * 1000) / requests1, 3) : null,
        loadGenerator: round((generatorSeconds * 1000) / requests1, 3),
      },
    },
  };
  log(
    `${name}: ${summary.requestsPerSecond} req/s, p50 ${summary.latencyMs.p50Ms} ms, p95 ${summary.latencyMs.p95Ms} ms, ` +
      `non-2xx ${summary.non2xx}, errors ${summary.errors}`,
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
  const disarm = cleanup.installHandlers(smoke ? 5 * 60_000 : 20 * 60_000);
  const problems: string[] = [];
  const url = benchDatabaseUrl();
  const schema = benchSchemaName('api');
  const started = new Date();
  const document: Record<string, unknown> = {
    benchmark: 'api-enterprise-search',
    mode: smoke ? 'smoke' : 'full',
    startedAt: started.toISOString(),
    host: { ...hostInfo(), loadAverage1mAtStart: round(loadavg()[0] ?? 0) },
    settings: { ...settings, seed, database: redactUrl(url), schema },
  };

  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'safegrid-bench-api-'));
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
    const summary = lastJson(load.stdout);
    // Autovacuum would analyse the fresh tables within a minute or so; doing it now measures the
    // steady state rather than whatever plans the missing statistics happen to give.
    const analyzeSeconds = await analyzeSchema(url, schema);
    document.city = {
      loadSeconds: seconds(loadStarted),
      counts: (summary?.counts as unknown) ?? null,
      analyzeSeconds,
    };

    const [apiPort, mqttPort, pingPort] = (await distinctFreePorts(3)) as [number, number, number];
    const ping = spawnTs('tools/bench/ping-server.ts', [], {
      env: { ...process.env, PORT: String(pingPort) },
    });
    cleanup.add('stop ping server', () => stopChild(ping));
    const {
      api: apiBase,
      startSeconds: serverStartSeconds,
      pid: serverPid,
    } = await startBenchServer({ ...dbEnv, DATABASE_URL: withApplicationName(url, schema) }, cleanup, {
      api: apiPort,
      mqtt: mqttPort,
    });
    const pingBase = `http://127.0.0.1:${pingPort}`;
    await waitForHttp(`${pingBase}/ping`, ping, 'the ping server', 30_000);
    log(`server healthy after ${serverStartSeconds} s`);
    sessionHeaders = (await openBenchSession(url, schema)).headers;
    document.serverStartSeconds = serverStartSeconds;

    const workload = await buildWorkload(apiBase, seed);
    document.workload = {
      fragments: workload.fragments,
      searchKinds: countBy(workload.search.map((r) => r.kind)),
      mapKinds: countBy(workload.map.map((r) => r.kind)),
      searchPaths: workload.search.map((r) => `${r.kind} ${decodeURIComponent(r.path)}`),
      mapPaths: workload.map.map((r) => `${r.kind} ${decodeURIComponent(r.path)}`),
    };

    const scenarios: Record<string, Awaited<ReturnType<typeof scenario>>> = {};
    scenarios.ping = await scenario('ping', pingBase, [{ path: '/ping', kind: 'ping' }], settings, ping.pid);
    const backends = () => serverBackends(url, schema);
    scenarios.enterpriseSearch = await scenario(
      'enterprise search',
      apiBase,
      workload.search,
      settings,
      serverPid,
      backends,
    );
    scenarios.map = await scenario('map', apiBase, workload.map, settings, serverPid, backends);
    document.scenarios = scenarios;

    for (const [name, s] of Object.entries(scenarios)) {
      if (s.non2xx > 0 || s.errors > 0 || s.timeouts > 0) {
        problems.push(`${name}: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts`);
      }
    }
    const p95 = scenarios.enterpriseSearch.latencyMs.p95Ms;
    document.targets = {
      asserted: !smoke,
      enterpriseSearchP95: {
        maxMs: SEARCH_P95_TARGET_MS,
        actualMs: p95,
        connections: settings.connections,
        pass: smoke ? null : p95 <= SEARCH_P95_TARGET_MS,
      },
    };
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

/**
 * Tags the server's database connections with the run's own schema name, so that their
 * PostgreSQL backends (and no other run's) can be found and timed like the server process.
 */
function withApplicationName(url: string, schema: string): string {
  const tagged = new URL(url);
  tagged.searchParams.set('application_name', schema);
  return tagged.toString();
}

/** Process ids of the server's PostgreSQL backends (the database runs on this machine: loopback only). */
function serverBackends(url: string, schema: string): Promise<number[]> {
  return withPgClient(url, async (c) => {
    const { rows } = await c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [schema],
    );
    return rows.map((r) => r.pid);
  });
}

function backendsCpuSeconds(pids: number[]): number {
  let total = 0;
  for (const pid of pids) total += readProcessCpuSeconds(pid) ?? 0;
  return total;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
