import { apiUrl } from '../../shell/api';
import {
  ENTERPRISE_STATUSES,
  GONGMAO_CATEGORIES,
  type EnterpriseStatus,
  type GongmaoCategory,
} from '../common/labels';

/** The enterprise list's filters; they live in the URL query string so views can be shared. */
export interface EnterpriseFilters {
  q: string;
  jurisdictionId: string;
  gongmaoCategory: GongmaoCategory | '';
  status: EnterpriseStatus | '';
  industryCode: string;
}

export const EMPTY_FILTERS: EnterpriseFilters = {
  q: '',
  jurisdictionId: '',
  gongmaoCategory: '',
  status: '',
  industryCode: '',
};

/** Limits match the API's query schema, so a hand-edited URL cannot produce a 400. */
const MAX = { q: 50, jurisdictionId: 32, industryCode: 8 } as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

export function parseFilters(search: URLSearchParams): EnterpriseFilters {
  const text = (key: keyof typeof MAX) => (search.get(key) ?? '').trim().slice(0, MAX[key]);
  return {
    q: text('q'),
    jurisdictionId: text('jurisdictionId'),
    gongmaoCategory: oneOf(search.get('gongmaoCategory'), GONGMAO_CATEGORIES),
    status: oneOf(search.get('status'), ENTERPRISE_STATUSES),
    industryCode: text('industryCode').toUpperCase(),
  };
}

/** Only the filters that are set, in a fixed order (stable URLs). */
export function filtersToSearch(filters: EnterpriseFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of ['q', 'jurisdictionId', 'gongmaoCategory', 'status', 'industryCode'] as const) {
    const value = filters[key].trim();
    if (value !== '') search.set(key, value);
  }
  return search;
}

export function hasFilters(filters: EnterpriseFilters): boolean {
  return filtersToSearch(filters).toString() !== '';
}

export const PAGE_SIZE = 20;

export function enterprisesUrl(filters: EnterpriseFilters, cursor: string | null, limit = PAGE_SIZE): string {
  return apiUrl('/api/enterprises', { ...filters, limit, cursor });
}

export function exportUrl(filters: EnterpriseFilters): string {
  return apiUrl('/api/enterprises/export.xlsx', { ...filters });
}
