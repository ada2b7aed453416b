import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { E2eFixtures } from './fixtures';

/**
 * Runs the real server as a separate process on a city loaded by the real demo generator, so the
 * browser talks to exactly what `npm start` serves (built web app, same main.ts).
 */
export const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a tsx script; stdout is passed through, or captured and returned when `capture` is set. */
function run(args: string[], env: NodeJS.ProcessEnv, capture = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

export interface RunningServer {
  baseUrl: string;
  /** The broker the server listens to: the given one, or its embedded one. */
  mqttUrl: string;
  /** The accounts the tests sign in with, and what they must see (see fixtures.ts). */
  fixtures: E2eFixtures;
  /**
   * Runs one SQL statement on the server's database and returns its rows — for test set-up the
   * app offers no way to do (e.g. letting a deadline pass: there is no clock backdoor in
   * production, so a test moves the date in the data instead). PGlite admits one process at a
   * time, so in embedded mode the server is stopped for it and started again on the same ports
   * (sessions live in the database and survive).
   */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startServer(options: {
  databaseUrl?: string;
  schema: string;
  city: 'full' | 'small';
  mqttUrl?: string;
}) {
  const dataDir = options.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'sg-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_SCHEMA: options.schema,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { SAFEGRID_DATA_DIR: dataDir }),
    ...(options.mqttUrl ? { MQTT_URL: options.mqttUrl } : {}),
  };
  const started = Date.now();
  await run(
    [join(ROOT, 'tools', 'demo-city', 'cli.ts'), ...(options.city === 'small' ? ['--small'] : [])],
    env,
  );
  console.log(`  demo city (${options.city}) loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Before the server starts: PGlite lets one process at a time open its data directory.
  const fixtures = JSON.parse(await run([join(ROOT, 'e2e', 'fixtures.ts')], env, true)) as E2eFixtures;

  const port = await freePort();
  const mqttPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(TSX, [join(ROOT, 'apps', 'server', 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), MQTT_PORT: String(mqttPort) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${baseUrl}/api/health`)).ok) return child;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('server did not become healthy within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const halt = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  let server = await launch();

  return {
    baseUrl,
    mqttUrl: options.mqttUrl ?? `mqtt://127.0.0.1:${mqttPort}`,
    fixtures,
    async sql(text, params = []) {
      if (options.databaseUrl) {
        const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
        try {
          const client = await pool.connect();
          try {
            await client.query(`SET search_path TO "${options.schema}"`);
            return (await client.query(text, params)).rows as Record<string, unknown>[];
          } finally {
            client.release();
          }
        } finally {
          await pool.end();
        }
      }
      await halt(server);
      try {
        const out = await run([join(ROOT, 'e2e', 'db-exec.ts'), text, JSON.stringify(params)], env, true);
        return JSON.parse(out) as Record<string, unknown>[];
      } finally {
        server = await launch();
      }
    },
    async stop() {
      await halt(server);
      if (options.databaseUrl) {
        const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS "${options.schema}" CASCADE`);
        await pool.end();
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  } satisfies RunningServer;
}
