import { regulationLibrary } from '../../apps/server/src/enforcement/regulations/regulation-library';
import { createPlainBm25Matcher } from '../../apps/server/src/enforcement/matcher/plain-bm25-matcher';
import {
  DEV_SET,
  HOLDOUT_SET,
  loadLabelledFindings,
  majorHazardFigures,
  rankingFigures,
} from '../../apps/server/src/enforcement/matcher/evaluation';
import { finish, hostInfo, intFlag, LatencyRecorder, log, parseFlags, round } from './common';

/**
 * npm run bench:matcher [-- --smoke] [-- --rounds N]
 *
 * The hazard → clause matcher beside plain BM25 (the baseline: bigram BM25 over the same
 * provisions, without synonyms, violation phrasing or phrase bonus), on the development set and on
 * the held-out set, in one run: recall@1/@3/@5, MRR, the major-hazard flag's precision and
 * recall, and latency per query (every finding of both sets, `rounds` times, after a warm-up).
 */

const flags = parseFlags(process.argv.slice(2), ['rounds']);
const rounds = flags.smoke ? 1 : intFlag(flags, 'rounds', 20, 1, 1000);

const started = performance.now();
const library = regulationLibrary();
const buildMs = round(performance.now() - started);
const baseline = createPlainBm25Matcher(library.catalogue, library.provisions);
const dev = loadLabelledFindings(DEV_SET);
const holdout = loadLabelledFindings(HOLDOUT_SET);
log(`${library.provisions.length} provisions; dev ${dev.length} findings, holdout ${holdout.length}`);

// Ranking and flag come from one answer per finding (the quality figures; latency is timed apart).
const answers = new Map<string, ReturnType<typeof library.matcher.match>>();
const answer = (f: string) => {
  let a = answers.get(f);
  if (!a) answers.set(f, (a = library.matcher.match(f, { limit: 5 })));
  return a;
};
const matcherRank = (f: string) => answer(f).provisions.map((p) => p.ref);
const flag = (f: string) => answer(f).majorHazard?.ref ?? null;

const figures = (set: typeof dev) => ({
  matcher: rankingFigures(set, matcherRank),
  plainBm25: rankingFigures(set, (f) => baseline.rank(f, 5)),
  majorHazardFlag: majorHazardFigures(set, flag),
});

function latency(rank: (f: string) => unknown) {
  const all = [...dev, ...holdout].map((f) => f.finding);
  for (const f of all) rank(f); // warm-up: JIT and caches, not measured
  const recorder = new LatencyRecorder();
  for (let r = 0; r < rounds; r++) {
    for (const f of all) {
      const t = performance.now();
      rank(f);
      recorder.add(performance.now() - t);
    }
  }
  return recorder.summary();
}

const document = {
  bench: 'matcher',
  smoke: flags.smoke,
  host: hostInfo(),
  provisions: library.provisions.length,
  libraryBuildMs: buildMs,
  dev: figures(dev),
  holdout: figures(holdout),
  latency: {
    rounds,
    matcher: latency((f) => library.matcher.match(f, { limit: 5 })),
    plainBm25: latency((f) => baseline.rank(f, 5)),
    targetP95Ms: 20,
  },
};
const ok = document.latency.matcher.p95Ms <= document.latency.targetP95Ms;
if (!ok) log(`matcher p95 ${document.latency.matcher.p95Ms} ms is above the 20 ms target`);
finish({ ...document, ok }, ok ? 0 : 1);
