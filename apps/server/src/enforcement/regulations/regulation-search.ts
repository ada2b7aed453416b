import type { ArticleSearchHit } from '@safegrid/contracts';
import { createBm25Index } from '../text/bm25';
import { bigrams, normaliseChars, readForMatching, sharedPhrases, type Synonyms } from '../text/chinese-text';
import type { ArticleNode, RegulationCatalogue } from './regulation-catalogue';

/**
 * Full-text search of the library in Chinese: every paragraph and item is a document (so a hit
 * points at the 款 or 项 that matched), ranked by BM25 over bigrams with the trade's synonyms, and
 * a verbatim occurrence of the query ranks above any scattered match.
 */

interface Unit {
  ref: string;
  article: ArticleNode;
  text: string;
}

export interface RegulationSearch {
  search(query: string, options?: { lawId?: string; limit?: number }): ArticleSearchHit[];
}

export function createRegulationSearch(catalogue: RegulationCatalogue, synonyms: Synonyms): RegulationSearch {
  const units: Unit[] = [];
  for (const r of catalogue.regulations) {
    for (const article of r.articles) {
      for (const p of article.paragraphs) {
        units.push({ ref: p.ref, article, text: p.text });
        for (const item of p.items) units.push({ ref: item.ref, article, text: `${item.label}${item.text}` });
      }
    }
  }
  const index = createBm25Index(units.map((u) => bigrams(readForMatching(u.text, synonyms))));
  const plain = units.map((u) => normaliseChars(u.text));

  return {
    search(query, options = {}) {
      const limit = options.limit ?? 20;
      const q = normaliseChars(query).trim();
      const scores = index.score(bigrams(readForMatching(q, synonyms)));
      const best = new Map<string, { unit: Unit; score: number }>();
      units.forEach((unit, i) => {
        if (options.lawId && unit.article.lawId !== options.lawId) return;
        const score = (scores[i] ?? 0) + (q.length > 0 && plain[i]?.includes(q) ? 1000 : 0);
        if (score <= 0) return;
        const current = best.get(unit.article.ref);
        if (!current || score > current.score) best.set(unit.article.ref, { unit, score });
      });
      return [...best.values()]
        .sort((a, b) => b.score - a.score || a.unit.ref.localeCompare(b.unit.ref))
        .slice(0, limit)
        .map(({ unit }) => ({
          ref: unit.ref,
          lawId: unit.article.lawId,
          lawShortTitle: catalogue.regulation(unit.article.lawId)!.shortTitle,
          number: unit.article.number,
          label: unit.article.label,
          snippet: unit.text,
          highlights: sharedPhrases(q, unit.text),
        }));
    },
  };
}
