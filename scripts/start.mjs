#!/usr/bin/env node
// One command from a fresh clone: install what the lockfile pins, build the web app when its
// sources changed, create the demo city on an empty embedded database, then run the server.
// Plain Node on purpose: it runs before any dependency exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function run(cmd, args, what) {
  console.log(`\n▶ ${what}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`✖ ${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function runAsync(cmd, args, what) {
  console.log(`\n▶ ${what}`);
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('exit', (code, signal) => {
      if (code !== 0) console.error(`✖ ${what} failed (exit ${code ?? signal})`);
      done({ status: code ?? 1 });
    });
  });
}

function runQuietly(cmd, args, what, { priority = 0 } = {}) {
  console.log(`\n▶ ${what}`);
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    if (priority !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, priority);
      } catch {
        // Not permitted here: the job runs at normal priority, only slower beside the other.
      }
    }
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('exit', (code, signal) => {
      if (code === 0) console.log(`✔ ${what}`);
      else {
        process.stderr.write(Buffer.concat(output));
        console.error(`✖ ${what} failed (exit ${code ?? signal})`);
      }
      done({ status: code ?? 1 });
    });
  });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}

const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || mtime(join(root, 'package-lock.json')) > mtime(installed)) {
  run(npm, ['ci', '--no-audit', '--no-fund'], 'Installing dependencies (npm ci)');
}

const builtIndex = join(root, 'apps', 'web', 'dist', 'index.html');
const webSources = Math.max(
  newestIn(join(root, 'apps', 'web', 'src')),
  newestIn(join(root, 'packages', 'contracts', 'src')),
);
// The web build and the demo city need neither each other nor more than one core each: on a
// first start they run side by side, and the build's output is held back (printed if it fails) so
// that it does not cut through the demo city's progress lines.
const preparing = [];
if (!existsSync(builtIndex) || webSources > mtime(builtIndex)) {
  // Below normal priority: the build finishes long before the demo city, which is the path to
  // the first page, and at equal priority the two took turns on both cores from the start.
  preparing.push(
    runQuietly(join(root, 'node_modules', '.bin', 'vite'), ['build', 'apps/web'], 'Building the web app', {
      priority: 10,
    }),
  );
}
if (!process.env.DATABASE_URL && (process.env.DEMO_CITY ?? 'full') !== 'none') {
  preparing.push(
    runAsync(
      tsx,
      [join(root, 'tools', 'demo-city', 'cli.ts'), '--if-empty'],
      'Preparing the demo city (first start only)',
    ),
  );
}
const failures = (await Promise.all(preparing)).filter((r) => r.status !== 0);
if (failures.length > 0) process.exit(failures[0].status ?? 1);

// The demo accounts exist only in the embedded database the demo city was loaded into; the loader
// (tools/demo-city) writes their list beside it. Its summary ends at the separator line
// (ACCOUNT_LIST_SEPARATOR in tools/demo-city/accounts.ts; a test keeps the two in step).
if (!process.env.DATABASE_URL) {
  const accountList = join(resolve(root, process.env.SAFEGRID_DATA_DIR ?? 'var'), 'demo-accounts.txt');
  if (existsSync(accountList)) {
    const text = readFileSync(accountList, 'utf8');
    const end = text.indexOf('==== All demo accounts · 全部演示账号 ====');
    console.log(`\n▶ Demo accounts · 演示账号\n${(end < 0 ? text : text.slice(0, end)).trimEnd()}`);
    console.log(`\nAll demo accounts · 全部演示账号: ${accountList}\n`);
  }
}

const server = spawn(tsx, [join(root, 'apps', 'server', 'src', 'main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
const children = [server];
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((c) => c.kill(signal)));
server.on('exit', (code, signal) => {
  for (const child of children) if (child !== server) child.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});

// Embedded demo: a few confined-space permits at work, detectors reporting clean air, so the live
// monitor has something to show (tools/device-simulator/demo-live.ts). DEMO_LIVE_PERMITS=0 turns it off.
const livePermits = process.env.DEMO_LIVE_PERMITS ?? '3';
if (
  !process.env.DATABASE_URL &&
  !process.env.MQTT_URL &&
  (process.env.DEMO_CITY ?? 'full') !== 'none' &&
  livePermits !== '0'
) {
  const port = process.env.PORT ?? '3000';
  const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
  const baseUrl = `http://${host}:${port}`;
  const waitForServer = async () => {
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`${baseUrl}/api/health`)).ok) return true;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  };
  void waitForServer().then((up) => {
    if (!up || server.exitCode !== null) return;
    children.push(
      spawn(
        tsx,
        [
          join(root, 'tools', 'device-simulator', 'demo-live.ts'),
          '--base-url',
          baseUrl,
          '--mqtt-url',
          `mqtt://127.0.0.1:${process.env.MQTT_PORT ?? '1884'}`,
          '--accounts',
          join(resolve(root, process.env.SAFEGRID_DATA_DIR ?? 'var'), 'demo-accounts.txt'),
          '--permits',
          livePermits,
        ],
        { cwd: root, stdio: 'inherit', env: process.env },
      ),
    );
  });
}
