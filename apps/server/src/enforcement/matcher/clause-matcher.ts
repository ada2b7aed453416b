import { readFileSync } from 'node:fs';
import type {
  MajorHazardMatch,
  MatchFindingResult,
  ProvisionLink,
  ProvisionMatch,
} from '@safegrid/contracts';
import { MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';
import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import type { PenaltyProvision } from '../regulations/penalty-provisions';
import { createBm25Index } from '../text/bm25';
import {
  bigrams,
  createSynonyms,
  normaliseChars,
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
  /** A provision of a field (有限空间, 危险化学品…) for a finding that shows nothing of that field. */
  outOfScope: 0.5,
  /** BM25 length normalisation of the provisions' own text (items differ in length for no reason of relevance). */
  b: 0.5,
  /** A 令第10号 item is reported as met only when it ranks among the first suggestions… */
  majorRank: 3,
  /** …and the finding covers this share (IDF-weighted) of one of its alternatives (…或者…). */
  majorCoverage: 0.3,
} as const;

interface IndexedProvision {
  provision: PenaltyProvision;
  /** The provision's own text as matched (for shared phrases). */
  read: string;
  /** The fields its own text confines it to. */
  scopes: Scope[];
  /** For a 令第10号 item: the bigrams of each of its alternatives (the parts joined by 或者). */
  alternatives: string[][];
}

/** A field a provision is confined to, and the words by which a finding shows it. */
export interface Scope {
  term: string;
  evidence: string[];
}

export interface MatcherVocabulary {
  synonyms: Synonyms;
  scopes: readonly Scope[];
  /** The words that show a finding lies in a field of 令第10号 (its article's lead condition). */
  majorHazardFields: readonly { field: Field; evidence: string[] }[];
}

export function createClauseMatcher(deps: {
  catalogue: RegulationCatalogue;
  provisions: readonly PenaltyProvision[];
  vocabulary: MatcherVocabulary;
}): ClauseMatcher {
  const { catalogue } = deps;
  const { synonyms, scopes } = deps.vocabulary;
  const fieldEvidence = new Map(deps.vocabulary.majorHazardFields.map((f) => [f.field, f.evidence]));
  const indexed: IndexedProvision[] = deps.provisions.map((provision) => {
    const ownText = [provision.context, provision.text].filter(Boolean).join('。');
    return {
      provision,
      read: readForMatching([ownText, provision.summary].filter(Boolean).join('。'), synonyms),
      scopes: scopes.filter((sc) => ownText.includes(sc.term)),
      alternatives:
        provision.kind === 'major_hazard'
          ? provision.text
              .split('或者')
              .map((clause) => [...new Set(bigrams(readForMatching(clause, synonyms)))])
          : [],
    };
  });
  const own = createBm25Index(
    indexed.map((p) => bigrams(p.read)),
    { b: MATCHER_WEIGHTS.b },
  );
  /** The share (IDF-weighted) of an alternative's bigrams that the finding has, best alternative. */
  const coverage = (entry: IndexedProvision, tokens: Set<string>) => {
    let best = 0;
    for (const clause of entry.alternatives) {
      let have = 0;
      let all = 0;
      for (const t of clause) {
        const w = own.idf(t);
        all += w;
        if (tokens.has(t)) have += w;
      }
      if (all > 0) best = Math.max(best, have / all);
    }
    return best;
  };
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
      const inScope = (entry: IndexedProvision) =>
        entry.scopes.length === 0 || entry.scopes.some((sc) => sc.evidence.some((w) => read.includes(w)));

      const scored = indexed.map((entry, i) => {
        const score = (s1[i] ?? 0) + MATCHER_WEIGHTS.obligation * (s2[i] ?? 0);
        return { entry, score, phrases: [] as string[] };
      });
      // Phrases only for the plausible candidates: the bonus reorders them, it cannot rescue a
      // provision that shares no words with the finding.
      const candidates = scored
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, 40);
      for (const c of candidates) {
        c.phrases = sharedPhrases(read, c.entry.read);
        // Only phrases of four characters or more count: shorter ones (未落实, 未设置) say little.
        c.score += MATCHER_WEIGHTS.phrase * c.phrases.reduce((n, p) => n + Math.max(0, p.length - 3), 0);
        const field = c.entry.provision.field;
        if (fields && field && field !== 'general' && !fields.has(field))
          c.score *= MATCHER_WEIGHTS.otherIndustry;
        if (!inScope(c.entry)) c.score *= MATCHER_WEIGHTS.outOfScope;
      }
      candidates.sort(
        (a, b) => b.score - a.score || a.entry.provision.ref.localeCompare(b.entry.provision.ref),
      );
      const top = candidates[0]?.score ?? 0;

      // A major hazard is a grave label: the finding must show the item's field (the article's lead
      // condition) and cover one of the item's alternatives, not merely resemble it.
      const tokenSet = new Set(tokens);
      const plain = normaliseChars(finding);
      const showsField = (field: Field | null) => {
        if (!field || field === 'general' || fields?.has(field)) return true;
        const evidence = fieldEvidence.get(field) ?? [];
        return evidence.some((w) => plain.includes(w) || read.includes(w));
      };
      const major = candidates
        .slice(0, MATCHER_WEIGHTS.majorRank)
        .find(
          (c) =>
            c.entry.provision.kind === 'major_hazard' &&
            showsField(c.entry.provision.field) &&
            inScope(c.entry) &&
            coverage(c.entry, tokenSet) >= MATCHER_WEIGHTS.majorCoverage,
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

export function loadVocabulary(file: URL = SYNONYMS_FILE): MatcherVocabulary {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    groups?: SynonymGroup[];
    scopes?: Scope[];
    majorHazardFields?: { field: Field; evidence: string[] }[];
  };
  if (!Array.isArray(data.groups) || data.groups.some((g) => !g.canonical || !Array.isArray(g.variants))) {
    throw new Error(`${file.pathname}: expected { groups: [{ canonical, variants[] }] }`);
  }
  if (!Array.isArray(data.scopes) || data.scopes.some((sc) => !sc.term || !Array.isArray(sc.evidence))) {
    throw new Error(`${file.pathname}: expected { scopes: [{ term, evidence[] }] }`);
  }
  const fields = data.majorHazardFields;
  if (
    !Array.isArray(fields) ||
    fields.some((f) => !MAJOR_HAZARD_FIELDS.includes(f.field) || !Array.isArray(f.evidence))
  ) {
    throw new Error(
      `${file.pathname}: expected { majorHazardFields: [{ field, evidence[] }] } with fields of 令第10号`,
    );
  }
  return { synonyms: createSynonyms(data.groups), scopes: data.scopes, majorHazardFields: fields };
}
