import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../apps/server/src/config';
import { openDatabase } from '../../apps/server/src/platform/db/database';
import { DataDirError } from '../../apps/server/src/platform/db/data-dir-guard';
import { DEMO_ACCOUNTS_FILE, DEMO_PASSWORD, accountListSummary } from './accounts';
import { DemoCityExistsError, isDatabaseEmpty, loadDemoCity, type DemoCityProgress } from './load';
import type { DemoCitySizeName } from './generate';

/**
 * npm run demo:city -- [--small | --full] [--seed N] [--if-empty] [--accounts-file PATH]
 *
 * Loads the demo city into the configured database (DATABASE_URL, or PGlite under
 * SAFEGRID_DATA_DIR; DATABASE_SCHEMA; DEMO_CITY and DEMO_SEED as defaults). Progress goes to
 * stderr, the JSON summary to stdout, so the output can be piped.
 *
 * The demo accounts' list goes to PATH, or on PGlite by default to demo-accounts.txt in the data
 * directory (where `npm start` finds it); its summary is printed to stderr either way.
 */
const USAGE =
  'usage: npm run demo:city -- [--small | --full | --units607k] [--seed N] [--if-empty] [--accounts-file PATH]';

function parseArgs(argv: string[], defaults: { size: DemoCitySizeName; seed: number }) {
  const args = { ...defaults, ifEmpty: false, accountsFile: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--small') args.size = 'small';
    else if (a === '--full') args.size = 'full';
    // Every production and business unit, not only 工贸: for load tests (bench:grading).
    else if (a === '--units607k') args.size = 'units607k';
    else if (a === '--if-empty') args.ifEmpty = true;
    else if (a === '--accounts-file' || a.startsWith('--accounts-file=')) {
      const raw = a === '--accounts-file' ? argv[++i] : a.slice('--accounts-file='.length);
      if (!raw) throw new UsageError(`--accounts-file needs a path\n${USAGE}`);
      args.accountsFile = resolve(raw);
    } else if (a === '--seed' || a.startsWith('--seed=')) {
      const raw = a === '--seed' ? argv[++i] : a.slice('--seed='.length);
      const seed = Number(raw);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)
        throw new UsageError(`--seed needs a whole number, got ${raw}`);
      args.seed = seed;
    } else if (a === '--help' || a === '-h') throw new UsageError(USAGE, 0);
    else throw new UsageError(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 64, // EX_USAGE
  ) {
    super(message);
  }
}

function progressPrinter() {
  let last = '';
  return (p: DemoCityProgress) => {
    const line = `${p.phase}: ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')}`;
    // One line per phase on a pipe; an updating line on a terminal.
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}${p.done === p.total ? '\n' : ''}`);
    else if (p.done === p.total && line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}

async function main(): Promise<number> {
  const config = loadConfig();
  const args = parseArgs(process.argv.slice(2), {
    size: config.demoCity === 'small' ? 'small' : 'full',
    seed: config.demoSeed,
  });
  const database = await openDatabase(config);
  try {
    if (!(await isDatabaseEmpty(database.db))) {
      if (args.ifEmpty) {
        process.stderr.write('The database already has a city; nothing to do (--if-empty).\n');
        process.stdout.write(`${JSON.stringify({ skipped: true, reason: 'not_empty' })}\n`);
        return 0;
      }
      throw new DemoCityExistsError();
    }
    process.stderr.write(
      `Loading the ${args.size} demo city (seed ${args.seed}) into ${database.mode === 'postgres' ? 'PostgreSQL' : 'PGlite'}, schema ${database.schema}…\n`,
    );
    const accountListFile =
      args.accountsFile ??
      (database.mode === 'pglite' ? join(config.dataDir, DEMO_ACCOUNTS_FILE) : undefined);
    let accountList = '';
    const summary = await loadDemoCity(database, {
      size: args.size,
      seed: args.seed,
      onProgress: progressPrinter(),
      onAccountList: (list) => (accountList = list),
    });
    if (accountListFile) {
      mkdirSync(dirname(accountListFile), { recursive: true });
      writeFileSync(accountListFile, accountList);
    }
    // With a file, one line (`npm start` prints the file's summary on every embedded start);
    // without one, the summary itself.
    const total = Object.values(summary.counts.accounts).reduce((sum, n) => sum + n, 0);
    process.stderr.write(
      accountListFile
        ? `Demo accounts: ${total.toLocaleString('en')}, password ${DEMO_PASSWORD}, listed in ${accountListFile}\n`
        : `\n${accountListSummary(accountList)}\n\n(--accounts-file PATH writes the list of all ${total} demo accounts.)\n`,
    );
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } finally {
    // PGlite holds a lock on its data directory until closed.
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      (error.exitCode === 0 ? process.stdout : process.stderr).write(`${error.message}\n`);
      process.exit(error.exitCode);
    }
    if (
      error instanceof ConfigError ||
      error instanceof DataDirError ||
      error instanceof DemoCityExistsError
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error instanceof DemoCityExistsError ? 1 : error instanceof ConfigError ? 78 : 75);
    }
    console.error(error);
    process.exit(1);
  },
);
