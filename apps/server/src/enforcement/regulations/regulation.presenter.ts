import type { RegulationDetail, RegulationSummary } from '@safegrid/contracts';
import type { RegulationNode } from './regulation-catalogue';
import { leadOf } from './regulation-library';

/** What a regulation shows of itself: the metadata, never the raw data file. */
export function presentRegulationSummary(r: RegulationNode): RegulationSummary {
  return {
    id: r.id,
    title: r.title,
    shortTitle: r.shortTitle,
    kind: r.kind,
    issuer: r.issuer,
    orderNo: r.orderNo,
    version: r.version,
    effective: r.effective,
    verification: r.verification,
    verificationNote: r.verificationNote,
    currencyWarning: r.currencyWarning,
    articleCount: r.articleCount,
    missingArticleCount: r.missingArticleCount,
  };
}

export function presentRegulationDetail(r: RegulationNode): RegulationDetail {
  return {
    ...presentRegulationSummary(r),
    articles: r.articles.map((a) => ({
      ref: a.ref,
      number: a.number,
      label: a.label,
      chapter: a.chapter,
      lead: leadOf(a),
    })),
  };
}
