import type { ServiceEffectFigures, ServiceMatchReason, ServicePackageItem } from '@safegrid/contracts';
import { SERVICE_ITEM_KINDS } from '@safegrid/contracts/values';
import { apiUrl } from '../../shell/api';
import { formatMessage, type Lookup } from '../../shell/i18n/format';

/**
 * The safety service package pages' pure logic: paths and API URLs, the page's filters, the
 * reasons an item was matched as a sentence, items grouped by kind, and the effect's shares and
 * hazard change. No React, no DOM.
 */

export type ServiceItemKind = (typeof SERVICE_ITEM_KINDS)[number];

// ---- paths and URLs ----

export const SERVICES_PATH = '/profile/services';
export const servicePackagePath = (id: string) => `${SERVICES_PATH}/${encodeURIComponent(id)}`;

export const SERVICE_PACKAGES_URL = '/api/profile/service-packages';
export const GENERATE_URL = `${SERVICE_PACKAGES_URL}/generate`;
export const servicePackageUrl = (id: string) => `${SERVICE_PACKAGES_URL}/${encodeURIComponent(id)}`;
export const acknowledgeUrl = (id: string) => `${servicePackageUrl(id)}/acknowledge`;
export const effectUrl = (jurisdictionId: string | null) =>
  apiUrl(`${SERVICE_PACKAGES_URL}/effect`, { jurisdictionId });
export const PACKAGES_PAGE_LIMIT = 50;
export const packagesUrl = (
  enterpriseId: string | null,
  cursor: string | null,
  limit = PACKAGES_PAGE_LIMIT,
) => apiUrl(SERVICE_PACKAGES_URL, { enterpriseId, cursor, limit });

// ---- page filters (in the URL) ----

export interface ServiceFilters {
  /** The area generation and the effect cover (the whole scope when null). */
  jurisdictionId: string | null;
  /** One enterprise's packages only. */
  enterpriseId: string | null;
}

export function parseServiceFilters(search: URLSearchParams): ServiceFilters {
  const jurisdictionId = (search.get('jurisdictionId') ?? '').trim().slice(0, 40);
  const enterpriseId = (search.get('enterpriseId') ?? '').trim();
  return {
    jurisdictionId: jurisdictionId || null,
    enterpriseId: /^[1-9][0-9]{0,17}$/.test(enterpriseId) ? enterpriseId : null,
  };
}

/** Only the filters that are set, in a fixed order. */
export function serviceFiltersToSearch(filters: ServiceFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.jurisdictionId) search.set('jurisdictionId', filters.jurisdictionId);
  if (filters.enterpriseId) search.set('enterpriseId', filters.enterpriseId);
  return search;
}

export const packagesPageUrl = (filters: ServiceFilters, cursor: string | null) =>
  packagesUrl(filters.enterpriseId, cursor);

// ---- items and reasons ----

/** The content library's texts come in both languages; Chinese for anything but English. */
export function localised(text: { zh: string; en: string } | null, locale: string): string | null {
  if (!text) return null;
  return locale === 'en' ? text.en : text.zh;
}

/** Items grouped by kind, in the kinds' order (regulation, training, warning, advice), empty kinds left out. */
export function itemsByKind<T extends { kind: ServiceItemKind }>(
  items: readonly T[],
): { kind: ServiceItemKind; items: T[] }[] {
  return SERVICE_ITEM_KINDS.map((kind) => ({ kind, items: items.filter((i) => i.kind === kind) })).filter(
    (g) => g.items.length > 0,
  );
}

/** Why an item was matched, as one sentence of the catalogue (labels looked up, raw values otherwise). */
export function describeReason(reason: ServiceMatchReason, lookup: Lookup, locale?: string): string {
  const fill = (key: string, params: Record<string, string | number> = {}) => {
    const template = lookup(key);
    return template === undefined ? key : formatMessage(template, params, locale);
  };
  const value = reason.value ?? '';
  switch (reason.rule) {
    case 'riskTag':
      return fill('services.reason.riskTag', { tag: lookup(`profile.riskTag.${value}`) ?? value });
    case 'confinedSpaces':
      return fill('services.reason.confinedSpaces');
    case 'category':
      return fill('services.reason.category', { category: lookup(`category.${value}`) ?? value });
    case 'grade':
      return fill('services.reason.grade', { grade: lookup(`profile.grade.${value}`) ?? value });
    case 'indicator': {
      const indicator = reason.indicator ?? '';
      return fill(`services.reason.indicator.${reason.op ?? 'equals'}`, {
        indicator: lookup(`services.indicator.${indicator}`) ?? indicator,
        threshold: reason.threshold ?? 0,
        actual: reason.actual ?? 0,
      });
    }
  }
}

/** The articles a package's regulation items cite, counted once each. */
export function articleCount(items: readonly Pick<ServicePackageItem, 'articles'>[]): number {
  return new Set(items.flatMap((i) => i.articles.map((a) => a.ref))).size;
}

// ---- effect ----

/** A 0–1 share as a whole percentage ('—' without a base). */
export function percentText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** Hazards found after against before: the change and its sign ('fewer' reads as progress). */
export function hazardChange(figures: Pick<ServiceEffectFigures, 'hazardsBefore' | 'hazardsAfter'>): {
  delta: number;
  direction: 'fewer' | 'more' | 'same';
} {
  const delta = figures.hazardsAfter - figures.hazardsBefore;
  return { delta, direction: delta < 0 ? 'fewer' : delta > 0 ? 'more' : 'same' };
}

/** Improved / same / worse as shares of the packages whose enterprise still has a grade. */
export function gradeChangeShares(figures: Pick<ServiceEffectFigures, 'improved' | 'same' | 'worse'>): {
  improved: number | null;
  same: number | null;
  worse: number | null;
} {
  const graded = figures.improved + figures.same + figures.worse;
  if (graded === 0) return { improved: null, same: null, worse: null };
  return {
    improved: figures.improved / graded,
    same: figures.same / graded,
    worse: figures.worse / graded,
  };
}
