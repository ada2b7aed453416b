import type { RegulationSummary } from '@safegrid/contracts';
import type { Translate, UiLocale } from './fineModel';

/** How the library shows a regulation: its verification status, dates and article counts. */

export type Verification = RegulationSummary['verification'];
export type RegulationKind = RegulationSummary['kind'];

export { MAJOR_HAZARD_FIELDS, REGULATION_KINDS, REGULATION_VERIFICATION } from '@safegrid/contracts/values';

/** antd Tag colours: only a verified text is green; a partial or unverified text stands out. */
export const VERIFICATION_TAG_COLORS: Record<Verification, string> = {
  verified: 'green',
  verbatim_secondary: 'blue',
  partial: 'orange',
  unverified: 'red',
};

/** Whether the text must carry a visible caution before anyone cites it. */
export function needsCaution(verification: Verification): boolean {
  return verification === 'partial' || verification === 'unverified';
}

/** A date of the law (YYYY-MM-DD) in the UI's language, read as a calendar date (no time zone shift). */
export function formatLawDate(iso: string | null, locale: UiLocale): string | null {
  if (!iso) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** "共 119 条" or, for a partial text, "收录 20 条，缺 15 条". */
export function articleCountText(
  summary: Pick<RegulationSummary, 'articleCount' | 'missingArticleCount'>,
  t: Translate,
): string {
  return summary.missingArticleCount > 0
    ? t('regulation.articleCountPartial', {
        count: summary.articleCount,
        missing: summary.missingArticleCount,
      })
    : t('regulation.articleCount', { count: summary.articleCount });
}

/** Issuer and order number as one line ("应急管理部 · 中华人民共和国应急管理部令第13号"). */
export function issuerLine(summary: Pick<RegulationSummary, 'issuer' | 'orderNo'>): string {
  return [summary.issuer, summary.orderNo]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s !== '')
    .join(' · ');
}

/**
 * The heading of a search hit, "《安全生产法》第九十九条": the law's short title in book-title
 * marks before the label, unless the label already names the law.
 */
export function hitHeading(lawShortTitle: string, label: string, t: Translate): string {
  if (label.includes('《')) return label;
  const law = lawShortTitle.replace(/^《|》$/g, '').trim();
  return law ? t('regulations.hitTitle', { law, label }) : label;
}
