import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same files would corrupt them,
 * and a first start killed half-way leaves a directory that looks like a database but is not.
 * These errors say which of the two happened and what to do.
 */
export class DataDirError extends Error {
  constructor(
    readonly reason: 'locked' | 'half_initialised',
    message: string,
  ) {
    super(message);
    this.name = 'DataDirError';
  }
}

const LOCK_FILE = 'safegrid.lock';
/** Directories this process holds: our own pid in a lock file is then a live holder, not a stale one. */
const heldHere = new Set<string>();
const INIT_MARKER = 'pglite.initialising';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLease {
  pgliteDir: string;
  /** True when this start creates the database (first start). */
  fresh: boolean;
  /** Call once PGlite is up and migrated: the directory is then a complete database. */
  markInitialised(): void;
  release(): void;
}

export function acquireDataDir(dataDir: string): DataDirLease {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      // A lock with our own pid that we do not hold was left by an earlier process that had the
      // same pid (pid 1 in a container restarts as pid 1).
      const live = holder === process.pid ? heldHere.has(lockPath) : processAlive(holder);
      if (Number.isInteger(holder) && holder > 0 && live) {
        throw new DataDirError(
          'locked',
          `The embedded database in ${dataDir} is in use by process ${holder}. ` +
            'Stop that process, or point SAFEGRID_DATA_DIR at another directory.',
        );
      }
      // The holder died without cleaning up: the lock is stale and safe to take over.
      rmSync(lockPath, { force: true });
    }
  }

  const pgliteDir = join(dataDir, 'pglite');
  const markerPath = join(dataDir, INIT_MARKER);
  heldHere.add(lockPath);
  const release = () => {
    heldHere.delete(lockPath);
    rmSync(lockPath, { force: true });
  };

  const hasFiles = existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0;
  if (existsSync(markerPath) || (hasFiles && !existsSync(join(pgliteDir, 'PG_VERSION')))) {
    release();
    throw new DataDirError(
      'half_initialised',
      `The embedded database in ${pgliteDir} was not completely created (an earlier first start ` +
        'was interrupted). Nothing in it can be trusted: delete the directory ' +
        `(rm -rf ${dataDir}) and start again.`,
    );
  }
  const fresh = !hasFiles;
  if (fresh) closeSync(openSync(markerPath, 'w'));
  return {
    pgliteDir,
    fresh,
    markInitialised: () => rmSync(markerPath, { force: true }),
    release,
  };
}
