import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  enterprisesUrl,
  exportUrl,
  filtersToSearch,
  hasFilters,
  parseFilters,
} from './filters';

describe('enterprise filters in the URL', () => {
  it('round-trips through the query string', () => {
    const filters = {
      q: '五金',
      jurisdictionId: '440303',
      gongmaoCategory: 'machinery',
      status: 'operating',
      industryCode: 'C3311',
    } as const;
    expect(parseFilters(filtersToSearch(filters))).toEqual(filters);
  });

  it('drops unknown enum values and trims text', () => {
    const parsed = parseFilters(
      new URLSearchParams('q=%20abc%20&status=bogus&gongmaoCategory=steel&industryCode=c33'),
    );
    expect(parsed).toEqual({ ...EMPTY_FILTERS, q: 'abc', industryCode: 'C33' });
  });

  it('clips text to the API limits', () => {
    expect(parseFilters(new URLSearchParams(`q=${'x'.repeat(80)}`)).q).toHaveLength(50);
  });

  it('writes only filters that are set', () => {
    expect(filtersToSearch({ ...EMPTY_FILTERS, status: 'closed' }).toString()).toBe('status=closed');
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
  });

  it('builds list and export URLs with the same filters', () => {
    const f = { ...EMPTY_FILTERS, q: 'abc' };
    expect(enterprisesUrl(f, null)).toBe('/api/enterprises?q=abc&limit=20');
    expect(enterprisesUrl(f, 'c1')).toBe('/api/enterprises?q=abc&limit=20&cursor=c1');
    expect(exportUrl(f)).toBe('/api/enterprises/export.xlsx?q=abc');
  });
});
