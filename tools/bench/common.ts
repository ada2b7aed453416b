import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Shared plumbing of the benchmarks: ports, child processes, schemas, cleanup, figures. */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Progress and diagnostics go to stderr: stdout carries exactly one JSON document. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function seconds(fromMs: number, toMs = performance.now()): number {
  return round((toMs - fromMs) / 1000, 3);
}

export interface Flags {
  smoke: boolean;
  values: Map<string, string>;
}

/** `--smoke` plus `--name value` / `--name=value` pairs restricted to the names a script knows. */
export function parseFlags(argv: string[], known: readonly string[]): Flags {
  const flags: Flags = { smoke: false, values: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--smoke') {
      flags.smoke = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !known.includes(match[1]!)) throw new Error(`unknown argument ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    flags.values.set(match[1]!, value);
  }
  return flags;
}

export function intFlag(flags: Flags, name: string, fallback: number, min: number, max: number): number {
  const raw = flags.values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * The benchmarks create and drop schemas and generate heavy load: they only ever aim at this
 * machine, so a mistyped URL cannot hammer (or litter) a shared server.
 */
export function assertLoopbackUrl(raw: string): URL {
  const url = new URL(raw);
  if (!['postgres:', 'postgresql:', 'http:'].includes(url.protocol))
    throw new Error(`unsupported URL ${raw}`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`benchmarks only target this machine (127.0.0.1); refusing ${url.hostname}`);
  }
  return url;
}

export function benchDatabaseUrl(): string {
  const raw = process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
  assertLoopbackUrl(raw);
  return raw;
}

/** Shown in the JSON without a password, should the URL carry one. */
export function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}

/** A fresh schema per run, so runs never see each other's data and the drop is unambiguous. */
export function benchSchemaName(
  kind: 'city' | 'api' | 'audit' | 'ingest' | 'patrols' | 'sync' | 'grading',
): string {
  const prefix = process.env.BENCH_SCHEMA_PREFIX ?? 'bench';
  const name = `${prefix}_${kind}_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `BENCH_SCHEMA_PREFIX=${JSON.stringify(prefix)} does not give a lower-case SQL identifier`,
    );
  }
  return name;
}

export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  // Only names this module generated reach here; the check guards the identifier quoting anyway.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  await withPgClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Cleanup that runs once: after a normal finish, on an error, on SIGINT/SIGTERM and when the
 * watchdog fires. Steps run last-registered first, each on its own so one failure does not
 * leave a schema or a child behind.
 */
export class Cleanup {
  private readonly steps: { what: string; run: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  add(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          log(`cleanup: ${step.what} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }

  /** Signals and the watchdog end the run with a non-zero code after cleaning up. */
  installHandlers(watchdogMs: number): () => void {
    const abort = (why: string, code: number) => {
      log(`${why}: cleaning up`);
      void this.run().finally(() => process.exit(code));
    };
    const onSigint = () => abort('interrupted', 130);
    const onSigterm = () => abort('terminated', 143);
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    // The run is bounded in time whatever happens (a hung server, a lock held elsewhere).
    const watchdog = setTimeout(
      () => abort(`time limit of ${watchdogMs / 1000} s exceeded`, 124),
      watchdogMs,
    );
    watchdog.unref();
    return () => {
      clearTimeout(watchdog);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    };
  }
}

/**
 * `node --import tsx script`: one process per child (no tsx CLI wrapper in between), so signals
 * reach the script itself, its CPU time is its own, and a kill cannot orphan a grandchild.
 */
export function spawnTs(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; captureStdout?: boolean },
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    // stdout of a child must never reach ours: the one JSON document lives there.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!options.captureStdout) child.stdout?.pipe(process.stderr);
  return child;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** Runs a child to its end, killing it at the time limit. */
export function runTs(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cleanup: Cleanup; what: string },
): Promise<ChildResult> {
  const child = spawnTs(script, args, { env: options.env, captureStdout: true });
  options.cleanup.add(`stop ${options.what}`, () => stopChild(child));
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      log(`${options.what} exceeded ${options.timeoutMs / 1000} s; killing it`);
      void stopChild(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout });
    });
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the child is gone. */
export function stopChild(child: ChildProcess, graceMs = 12_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The last line of a child's stdout that parses as a JSON object. */
export function lastJson(stdout: string): Record<string, unknown> | undefined {
  const trimmed = stdout.trim();
  try {
    return JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    // Multi-document output: fall back to the last line that is a whole object.
  }
  for (const line of trimmed.split('\n').reverse()) {
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object') return value as Record<string, unknown>;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

export function directorySizeBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directorySizeBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

export function hostInfo() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Linux only: busy and total jiffies of the whole machine, to tell how saturated it was. */
export function readHostCpu(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Linux only: user+system seconds one process has used (clock ticks are 100 Hz on Linux). */
export function readProcessCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Exact percentile (nearest rank) of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** A growable list of latencies kept as doubles: 50 connections × 15 s fit easily. */
export class LatencyRecorder {
  private values = new Float64Array(1 << 14);
  length = 0;

  add(ms: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = ms;
  }

  summary() {
    const sorted = this.values.slice(0, this.length).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: this.length,
      meanMs: round(this.length > 0 ? sum / this.length : 0),
      p50Ms: round(percentile(sorted, 50)),
      p90Ms: round(percentile(sorted, 90)),
      p95Ms: round(percentile(sorted, 95)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted.length > 0 ? sorted[sorted.length - 1]! : 0),
    };
  }
}

/** Writes the single JSON document and exits once stdout has flushed (a pipe may be slow). */
export function finish(document: unknown, code: number): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`, () => process.exit(code));
}

/** Polls until the URL answers 200; fails fast when the child dies first. */
export async function waitForHttp(
  url: string,
  child: ChildProcess,
  what: string,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  let last = '';
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it answered ${url}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return seconds(started);
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}

/** n different free ports (two calls to freePort may hand out the same one). */
export async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** ANALYZE every table of the benchmark's schema, one by one (a bare ANALYZE would visit all schemas). */
export async function analyzeSchema(url: string, schema: string): Promise<number> {
  const started = performance.now();
  await withPgClient(url, async (c) => {
    const tables = await c.query<{ name: string }>(
      'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
      [schema],
    );
    for (const t of tables.rows) await c.query(`ANALYZE "${schema}"."${t.name}"`);
  });
  return seconds(started);
}

/**
 * The real server as a web-only process on `dbEnv`'s database, with its own embedded broker on a
 * free port (an inherited broker URL would point it elsewhere), stopped by `cleanup`. Resolves
 * once /api/health answers, with the base URL, the start time and the pid (for CPU readings).
 */
export async function startBenchServer(
  dbEnv: NodeJS.ProcessEnv,
  cleanup: Cleanup,
  ports?: { api: number; mqtt: number },
): Promise<{ api: string; startSeconds: number; pid: number | undefined }> {
  const [apiPort, mqttPort] = ports
    ? [ports.api, ports.mqtt]
    : ((await distinctFreePorts(2)) as [number, number]);
  const serverEnv: NodeJS.ProcessEnv = {
    ...dbEnv,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    MQTT_PORT: String(mqttPort),
    MQTT_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SAFEGRID_ROLES: 'web',
    DEMO_CITY: 'none',
  };
  delete serverEnv.MQTT_URL;
  delete serverEnv.MQTT_SHARE_GROUP;
  const server = spawnTs('apps/server/src/main.ts', [], { env: serverEnv });
  cleanup.add('stop server', () => stopChild(server));
  const api = `http://127.0.0.1:${apiPort}`;
  const startSeconds = await waitForHttp(`${api}/api/health`, server, 'the server', 90_000);
  return { api, startSeconds, pid: server.pid };
}

/** The load flags of an HTTP benchmark: concurrent connections, measured and warm-up seconds. */
export function loadFlags(flags: Flags, defaultConnections: number) {
  const smoke = flags.smoke;
  return {
    connections: intFlag(flags, 'connections', smoke ? 5 : defaultConnections, 1, 200),
    durationSeconds: intFlag(flags, 'duration', smoke ? 3 : 15, 1, 120),
    warmupSeconds: intFlag(flags, 'warmup', smoke ? 1 : 3, 1, 30),
  };
}
