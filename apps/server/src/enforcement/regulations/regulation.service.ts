import type {
  Article,
  ArticleSearchQuery,
  ArticleSearchResult,
  MatchFindingRequest,
  MatchFindingResult,
  RegulationDetail,
  RegulationList,
} from '@safegrid/contracts';
import { notFound, rejectFields } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import type { RegulationLibrary } from './regulation-library';
import { presentRegulationDetail, presentRegulationSummary } from './regulation.presenter';

/** The regulation library and the clause matcher: read-only, public law, no jurisdiction. */
export function createRegulationService({ library }: { library: RegulationLibrary }) {
  const regulationOf = (id: string) => {
    const r = library.catalogue.regulation(id);
    if (!r) throw notFound('regulation', id);
    return r;
  };

  return {
    list(actor: Actor): RegulationList {
      authorize(actor, 'regulation.read');
      return { items: library.catalogue.regulations.map(presentRegulationSummary) };
    },

    get(actor: Actor, id: string): RegulationDetail {
      authorize(actor, 'regulation.read');
      return presentRegulationDetail(regulationOf(id));
    },

    article(actor: Actor, id: string, number: number): Article {
      authorize(actor, 'regulation.read');
      regulationOf(id);
      const node = library.catalogue.article(id, number);
      if (!node) throw notFound('article', `${id}:${number}`);
      return library.article(node);
    },

    search(actor: Actor, query: ArticleSearchQuery): ArticleSearchResult {
      authorize(actor, 'regulation.read');
      if (query.lawId) regulationOf(query.lawId);
      return { items: library.search.search(query.q, { lawId: query.lawId, limit: query.limit }) };
    },

    match(actor: Actor, request: MatchFindingRequest): MatchFindingResult {
      authorize(actor, 'regulation.read');
      if (library.matcher.isBlank(request.finding)) {
        rejectFields([{ pointer: '/body/finding', code: 'finding.blank' }]);
      }
      return library.matcher.match(request.finding, { fields: request.fields, limit: request.limit });
    },
  };
}
