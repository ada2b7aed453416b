import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import type { PenaltyProvision } from '../regulations/penalty-provisions';
import { createBm25Index } from '../text/bm25';
import { bigrams, normaliseChars } from '../text/chinese-text';

/**
 * The baseline of `npm run bench:matcher`: plain BM25 over character bigrams of each provision's
 * text and its obligations, with none of the matcher's knowledge (no trade synonyms, no violation
 * phrasing, no phrase bonus, no field weighting).
 */
export function createPlainBm25Matcher(
  catalogue: RegulationCatalogue,
  provisions: readonly PenaltyProvision[],
) {
  const docs = provisions.map((p) =>
    bigrams(
      normaliseChars(
        [p.context, p.text, p.summary, ...p.obligations.map((ref) => catalogue.resolve(ref)?.text ?? '')]
          .filter(Boolean)
          .join('。'),
      ),
      false,
    ),
  );
  const index = createBm25Index(docs);
  return {
    rank(finding: string, limit = 5): string[] {
      const scores = index.score(bigrams(normaliseChars(finding), false));
      return provisions
        .map((p, i) => ({ ref: p.ref, score: scores[i] ?? 0 }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref))
        .slice(0, limit)
        .map((x) => x.ref);
    },
  };
}
