import type { Article, PenaltyLink, ProvisionLink } from '@safegrid/contracts';
import { createClauseMatcher, loadVocabulary, type ClauseMatcher } from '../matcher/clause-matcher';
import { buildPenaltyProvisions, type PenaltyProvision } from './penalty-provisions';
import {
  loadRegulationCatalogue,
  majorHazardFieldOf,
  type ArticleNode,
  type RegulationCatalogue,
} from './regulation-catalogue';
import { createRegulationSearch, type RegulationSearch } from './regulation-search';

/**
 * Everything the enforcement module reads from the law, built once: the texts, the penalty
 * provisions with their obligation links (both directions), the search index and the matcher.
 */
export interface RegulationLibrary {
  catalogue: RegulationCatalogue;
  provisions: readonly PenaltyProvision[];
  search: RegulationSearch;
  matcher: ClauseMatcher;
  /** An article with its links, as the API shows it. */
  article(node: ArticleNode): Article;
}

export function createRegulationLibrary(catalogue: RegulationCatalogue): RegulationLibrary {
  const provisions = buildPenaltyProvisions(catalogue);
  const vocabulary = loadVocabulary();
  const linkOf = (ref: string): ProvisionLink => {
    const r = catalogue.resolve(ref)!;
    return { ref, label: r.label, text: r.text };
  };
  const penaltyOf = (p: PenaltyProvision): PenaltyLink => ({
    ...linkOf(p.ref),
    fines: p.fines,
    measures: p.measures,
  });
  const articleOfRef = (ref: string) => ref.split(':').slice(0, 2).join(':');

  // obligation article → the penalty items enforcing it; penalty article → the obligations.
  // 令第10号's items all point at 第四十一条 through our own reading, so they are not listed there.
  const enforcedBy = new Map<string, PenaltyLink[]>();
  const enforces = new Map<string, ProvisionLink[]>();
  for (const p of provisions) {
    if (p.kind !== 'penalty_item') continue;
    for (const o of p.obligations) {
      const list = enforcedBy.get(articleOfRef(o)) ?? [];
      if (!list.some((l) => l.ref === p.ref)) list.push(penaltyOf(p));
      enforcedBy.set(articleOfRef(o), list);
      const back = enforces.get(articleOfRef(p.ref)) ?? [];
      if (!back.some((l) => l.ref === o)) back.push(linkOf(o));
      enforces.set(articleOfRef(p.ref), back);
    }
  }

  return {
    catalogue,
    provisions,
    search: createRegulationSearch(catalogue, vocabulary.synonyms),
    matcher: createClauseMatcher({ catalogue, provisions, vocabulary }),
    article(node) {
      const regulation = catalogue.regulation(node.lawId)!;
      return {
        ref: node.ref,
        number: node.number,
        label: node.label,
        chapter: node.chapter,
        lead: leadOf(node),
        lawId: node.lawId,
        lawTitle: regulation.title,
        text: node.text,
        paragraphs: node.paragraphs.map((p) => ({
          ref: p.ref,
          number: p.number,
          text: p.text,
          items: p.items.map((i) => ({ ref: i.ref, label: i.label, text: i.text })),
        })),
        textNote: node.textNote,
        enforcedBy: enforcedBy.get(node.ref) ?? [],
        enforces: enforces.get(node.ref) ?? [],
        majorHazardField: majorHazardFieldOf(node),
      };
    },
  };
}

export function leadOf(node: ArticleNode): string {
  const first = node.paragraphs[0]?.text ?? '';
  return first.length > 40 ? `${first.slice(0, 40)}…` : first;
}

let shared: RegulationLibrary | undefined;

/** The library of data/laws, loaded on first use and shared: it is immutable reference data. */
export function regulationLibrary(): RegulationLibrary {
  shared ??= createRegulationLibrary(loadRegulationCatalogue());
  return shared;
}
