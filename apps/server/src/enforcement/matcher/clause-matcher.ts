import { readFileSync } from 'node:fs';
import type {
  MajorHazardMatch,
  MatchFindingResult,
  ProvisionLink,
  ProvisionMatch,
} from '@safegrid/contracts';
import type { MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';
import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import type { PenaltyProvision } from '../regulations/penalty-provisions';
import { createBm25Index } from '../text/bm25';
import {
  bigrams,
  createSynonyms,
  readForMatching,
  sharedPhrases,
  type SynonymGroup,
  type Synonyms,
  type SynonymUse,
} from '../text/chinese-text';

/**
 * Hazard → clause matcher: a finding in an officer's words → the provisions it breaches, ranked,
 * each with its penalty basis and why it was suggested. Pure and in memory (built once, ~1 ms per
 * finding), so the API, the command line and the benchmark run the same code.
 *
 * Score of a provision = BM25 of the finding against the provision's own text (the item, its
 * lead's conduct, the editorial summary) + a smaller share of BM25 against the obligations it
 * enforces (what the law requires, "应当…") + a bonus for longer phrases shared verbatim (a
 * five-character phrase in common says more than five scattered bigrams).
 */

export const SYNONYMS_FILE = new URL(
  '../../../../../data/enforcement/matcher-synonyms.json',
  import.meta.url,
);

type Field = (typeof MAJOR_HAZARD_FIELDS)[number];

export interface MatchOptions {
  /** The enterprise's fields under 令第10号: items of other industries rank lower. */
  fields?: readonly Field[];
  limit?: number;
}

export interface ClauseMatcher {
  match(finding: string, options?: MatchOptions): MatchFindingResult;
  /** True when the finding has nothing to match on (only punctuation or frame words). */
  isBlank(finding: string): boolean;
}

/** Weights: fixed by reasoning, then checked on the development set (npm run bench:matcher). */
export const MATCHER_WEIGHTS = {
  /** Share of the obligation text's score: it explains the provision but is written more broadly. */
  obligation: 0.35,
  /** Per character beyond two of each phrase shared verbatim with the provision's own text. */
  phrase: 0.6,
  /** Items of 令第10号 for an industry the enterprise is not in. */
  otherIndustry: 0.4,
  /** A 令第10号 item is reported as met only when it scores this close to the best suggestion… */
  majorRelative: 0.7,
  /** …and shares at least this many characters of phrases with the finding. */
  majorPhraseChars: 6,
} as const;

interface IndexedProvision {
  provision: PenaltyProvision;
  /** The provision's own text as matched (for shared phrases). */
  read: string;
}

export function createClauseMatcher(deps: {
  catalogue: RegulationCatalogue;
  provisions: readonly PenaltyProvision[];
  synonyms: Synonyms;
}): ClauseMatcher {
  const { catalogue, synonyms } = deps;
  const indexed: IndexedProvision[] = deps.provisions.map((provision) => ({
    provision,
    read: readForMatching(
      [provision.context, provision.text, provision.summary].filter(Boolean).join('。'),
      synonyms,
    ),
  }));
  const own = createBm25Index(indexed.map((p) => bigrams(p.read)));
  const obligations = createBm25Index(
    indexed.map(({ provision }) =>
      // Every 令第10号 item links the same obligation (第四十一条): it tells them nothing apart.
      provision.kind === 'major_hazard'
        ? []
        : bigrams(
            readForMatching(
              provision.obligations.map((ref) => catalogue.resolve(ref)?.text ?? '').join('。'),
              synonyms,
            ),
          ),
    ),
  );

  const link = (ref: string): ProvisionLink => {
    const r = catalogue.resolve(ref);
    if (!r) throw new Error(`${ref}: not in the catalogue`);
    return { ref, label: r.label, text: r.text };
  };
  const majorOf = (p: PenaltyProvision): MajorHazardMatch => ({
    ref: p.ref,
    label: p.label,
    text: p.text,
    field: p.field ?? 'general',
  });

  return {
    isBlank: (finding) => bigrams(readForMatching(finding, synonyms)).length === 0,
    match(finding, options = {}) {
      const limit = options.limit ?? 5;
      const used: SynonymUse[] = [];
      const read = readForMatching(finding, synonyms, used);
      const tokens = bigrams(read);
      const s1 = own.score(tokens);
      const s2 = obligations.score(tokens);
      const fields = options.fields && options.fields.length > 0 ? new Set<Field>(options.fields) : null;

      const scored = indexed.map((entry, i) => {
        const score = (s1[i] ?? 0) + MATCHER_WEIGHTS.obligation * (s2[i] ?? 0);
        return { entry, score, phrases: [] as string[], phraseChars: 0 };
      });
      // Phrases only for the plausible candidates: the bonus reorders them, it cannot rescue a
      // provision that shares no words with the finding.
      const candidates = scored
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, 40);
      for (const c of candidates) {
        c.phrases = sharedPhrases(read, c.entry.read);
        c.phraseChars = c.phrases.reduce((n, p) => n + p.length, 0);
        c.score += MATCHER_WEIGHTS.phrase * c.phrases.reduce((n, p) => n + Math.max(0, p.length - 2), 0);
        const field = c.entry.provision.field;
        if (fields && field && field !== 'general' && !fields.has(field))
          c.score *= MATCHER_WEIGHTS.otherIndustry;
      }
      candidates.sort(
        (a, b) => b.score - a.score || a.entry.provision.ref.localeCompare(b.entry.provision.ref),
      );
      const top = candidates[0]?.score ?? 0;

      const major = candidates.find(
        (c) =>
          c.entry.provision.kind === 'major_hazard' &&
          c.score >= MATCHER_WEIGHTS.majorRelative * top &&
          c.phraseChars >= MATCHER_WEIGHTS.majorPhraseChars,
      );
      const findingMajor = major ? majorOf(major.entry.provision) : null;

      const provisions: ProvisionMatch[] = candidates.slice(0, limit).map((c, index) => {
        const p = c.entry.provision;
        const penalty = catalogue.resolve(p.penaltyRef);
        return {
          rank: index + 1,
          ref: p.ref,
          kind: p.kind,
          label: p.label,
          text: p.text,
          score: Math.round(c.score * 1000) / 1000,
          relative: top > 0 ? Math.round((c.score / top) * 1000) / 1000 : 0,
          violated: p.obligations.map(link),
          penalty: penalty
            ? {
                ref: p.penaltyRef,
                label: penalty.label,
                text: penalty.text,
                fines: p.fines,
                measures: p.measures,
              }
            : null,
          basisNote: p.basisNote,
          majorHazard: p.kind === 'major_hazard' ? (c === major ? majorOf(p) : null) : findingMajor,
          explanation: {
            matchedPhrases: c.phrases.filter((phrase) => presentIn(phrase, p)),
            synonyms: dedupe(used).filter((u) => c.entry.read.includes(u.to)),
          },
        };
      });
      return { finding, provisions, majorHazard: findingMajor };
    },
  };
}

/** Phrases are shown highlighted in the provision's text, so only those that occur there verbatim. */
function presentIn(phrase: string, p: PenaltyProvision): boolean {
  return [p.text, p.context ?? '', p.summary ?? ''].some((t) => t.includes(phrase));
}

function dedupe(used: SynonymUse[]): SynonymUse[] {
  const seen = new Set<string>();
  return used.filter((u) => (seen.has(u.from) ? false : (seen.add(u.from), true)));
}

export function loadSynonyms(file: URL = SYNONYMS_FILE): Synonyms {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { groups?: SynonymGroup[] };
  if (!Array.isArray(data.groups) || data.groups.some((g) => !g.canonical || !Array.isArray(g.variants))) {
    throw new Error(`${file.pathname}: expected { groups: [{ canonical, variants[] }] }`);
  }
  return createSynonyms(data.groups);
}
