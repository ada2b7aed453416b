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
import type { EnterpriseIndustryRepository } from './enterprise-industry.repository';
import { MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';
import { presentRegulationDetail, presentRegulationSummary } from './regulation.presenter';

/** The regulation library and the clause matcher: read-only, public law, no jurisdiction. */
export function createRegulationService({
  library,
  enterprises,
}: {
  library: RegulationLibrary;
  enterprises: EnterpriseIndustryRepository;
}) {
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

    async match(actor: Actor, request: MatchFindingRequest): Promise<MatchFindingResult> {
      authorize(actor, 'regulation.read');
      if (library.matcher.isBlank(request.finding)) {
        rejectFields([{ pointer: '/body/finding', code: 'finding.blank' }]);
      }
      const fields = new Set(request.fields ?? []);
      if (request.enterpriseId) {
        const enterprise = await enterprises.industryInScope(request.enterpriseId, actor.scope);
        if (!enterprise) throw notFound('enterprise', request.enterpriseId);
        // 商贸 (commerce) has no article of its own in 令第10号; the other 工贸 categories do.
        const field = MAJOR_HAZARD_FIELDS.find((f) => f === enterprise.gongmao_category);
        if (field) fields.add(field);
      }
      const result = library.matcher.match(request.finding, { fields: [...fields], limit: request.limit });
      return fields.size > 0
        ? { ...result, fields: MAJOR_HAZARD_FIELDS.filter((f) => fields.has(f)) }
        : result;
    },
  };
}
