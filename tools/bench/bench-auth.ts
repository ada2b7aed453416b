import { cpus, loadavg } from 'node:os';
import {
  ARGON2_PARAMS,
  OWASP_MINIMUM_PARAMS,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
  type Argon2Params,
} from '../../apps/server/src/identity/credentials/password-hash';
import { finish, hostInfo, intFlag, log, parseFlags, percentile, readHostCpu, round } from './common';

/**
 * npm run bench:auth -- [--smoke] [--runs N] [--duration S]
 *
 * Times argon2id hashing and verification for the parameters sign-in uses, the OWASP minimum
 * they are compared with, and one heavier setting, in one process and interleaved (one run of
 * each in turn), so a noisy neighbour slows all three alike instead of whichever ran last. Then
 * measures how many verifications per second the machine sustains with two running at once
 * (two sign-ins in flight on two cores) and checks that a sign-in for an unknown username costs
 * what one for a known username does. Prints one JSON document.
 */

const VERIFY_P95_TARGET_MS = 100;
const PASSWORD = 'correct horse battery staple 安全';

interface Setting {
  name: 'chosen' | 'owaspMinimum' | 'heavier';
  params: Readonly<Argon2Params>;
}

const SETTINGS: Setting[] = [
  { name: 'chosen', params: ARGON2_PARAMS },
  { name: 'owaspMinimum', params: OWASP_MINIMUM_PARAMS },
  {
    name: 'heavier',
    params: { algorithm: 'argon2id', memoryCost: 65_536, timeCost: 3, parallelism: 1, outputLen: 32 },
  },
];

function summarise(samples: number[]) {
  const sorted = Float64Array.from(samples).sort();
  return {
    runs: sorted.length,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0] ?? 0),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** `concurrency` loops verifying back to back for `seconds`; completed verifications per second. */
async function throughput(phc: string, concurrency: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  const cpu0 = readHostCpu();
  const own0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        if (!(await verifyPassword(phc, PASSWORD))) throw new Error('verification failed during the bench');
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu1 = readHostCpu();
  const own = process.cpuUsage(own0);
  return {
    concurrency,
    seconds: round(elapsed, 2),
    verifications: done,
    signInsPerSecond: round(done / elapsed, 1),
    // The argon2 threads belong to this process: well under 100 % here while the host is at
    // 100 % means another process took the cores and the figure is pessimistic.
    ownCpuPercentOfHost: round(((own.user + own.system) / 1e6 / elapsed / cpus().length) * 100, 0),
    ...(cpu0 && cpu1
      ? { hostBusyPercent: round(((cpu1.busy - cpu0.busy) / Math.max(1, cpu1.total - cpu0.total)) * 100, 0) }
      : {}),
  };
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), ['runs', 'duration']);
  const runs = intFlag(flags, 'runs', flags.smoke ? 3 : 30, 1, 1000);
  const durationSeconds = intFlag(flags, 'duration', flags.smoke ? 1 : 5, 1, 120);
  const started = new Date();
  const loadAverageAtStart = round(loadavg()[0] ?? 0);

  const hashes = new Map<Setting['name'], string>();
  const hashTimes = new Map<Setting['name'], number[]>(SETTINGS.map((s) => [s.name, []]));
  const verifyTimes = new Map<Setting['name'], number[]>(SETTINGS.map((s) => [s.name, []]));
  const knownTimes: number[] = [];
  const dummyTimes: number[] = [];

  // Warm-up: first calls pay for loading the native binding and growing the allocator.
  for (const s of SETTINGS) hashes.set(s.name, await hashPassword(PASSWORD, s.params));
  await verifyAgainstDummy(PASSWORD);

  log(`sequential: ${runs} hash + verify runs per setting`);
  for (let i = 0; i < runs; i++) {
    for (const s of SETTINGS) {
      hashTimes.get(s.name)!.push(await timed(() => hashPassword(PASSWORD, s.params)));
      const phc = hashes.get(s.name)!;
      verifyTimes.get(s.name)!.push(await timed(() => verifyPassword(phc, PASSWORD)));
    }
  }

  // A wrong password for a known user against an unknown username, back to back so that both see
  // the same machine: this is the pair an attacker would time. Which goes first is random: a fixed
  // pattern (even alternation) lines up with how libuv hands jobs to its threads and showed a
  // steady 25 % gap between two identical verifications.
  log(`unknown user: ${runs} known/unknown verification pairs`);
  const known = hashes.get('chosen')!;
  const knownRun = async () => knownTimes.push(await timed(() => verifyPassword(known, 'a wrong guess')));
  const dummyRun = async () => dummyTimes.push(await timed(() => verifyAgainstDummy('a wrong guess')));
  for (let i = 0; i < Math.max(2, runs); i++) {
    if (Math.random() < 0.5) await knownRun().then(dummyRun);
    else await dummyRun().then(knownRun);
  }

  const problems: string[] = [];
  const settings: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    log(`throughput: ${s.name}, 2 concurrent verifications for ${durationSeconds} s`);
    const { algorithm, memoryCost, timeCost, parallelism } = s.params;
    settings[s.name] = {
      params: { algorithm, memoryCost, timeCost, parallelism },
      memoryMiB: round(memoryCost / 1024, 1),
      hash: summarise(hashTimes.get(s.name)!),
      verify: summarise(verifyTimes.get(s.name)!),
      throughput2: await throughput(hashes.get(s.name)!, 2, durationSeconds),
    };
  }

  const chosenVerify = summarise(verifyTimes.get('chosen')!);
  const dummy = summarise(dummyTimes);
  const knownWrong = summarise(knownTimes);
  const pass = flags.smoke ? null : chosenVerify.p95Ms <= VERIFY_P95_TARGET_MS;
  if (pass === false)
    problems.push(`chosen verify p95 ${chosenVerify.p95Ms} ms > ${VERIFY_P95_TARGET_MS} ms`);
  // A dummy far cheaper than a real verification is the timing oracle it exists to close
  // (e.g. DUMMY_HASH left on old parameters, or failing to parse and returning at once).
  const dummyRatio = round(dummy.medianMs / Math.max(0.001, knownWrong.medianMs), 2);
  // Judged on the fastest runs: the cost of the work itself. A median of a few runs on a busy
  // two-core host carries whatever else was scheduled (a smoke run once saw one 200 ms outlier).
  const fastestRatio = round(dummy.minMs / Math.max(0.001, knownWrong.minMs), 2);
  if (fastestRatio < 0.5 || fastestRatio > 2)
    problems.push(`unknown-user verification takes ${fastestRatio}× a known user's: a timing oracle`);

  finish(
    {
      benchmark: 'auth-argon2id',
      mode: flags.smoke ? 'smoke' : 'full',
      startedAt: started.toISOString(),
      host: { ...hostInfo(), loadAverage1mAtStart: loadAverageAtStart },
      settings,
      unknownUser: {
        what: 'wrong password: verifyPassword on a known user (chosen params) vs verifyAgainstDummy, in pairs',
        knownUser: knownWrong,
        unknownUser: dummy,
        medianRatio: dummyRatio,
        fastestRatio,
      },
      targets: {
        asserted: !flags.smoke,
        chosenVerifyP95: { maxMs: VERIFY_P95_TARGET_MS, actualMs: chosenVerify.p95Ms, pass },
      },
      ok: problems.length === 0,
      problems,
    },
    problems.length === 0 ? 0 : 1,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
