import { describe, expect, it } from 'vitest';
import { MATCH_URL, REGULATIONS_URL, articleUrl, regulationUrl, searchUrl } from './regulationsApi';

describe('regulation API URLs', () => {
  it('build the library, regulation and article URLs with ids encoded', () => {
    expect(REGULATIONS_URL).toBe('/api/regulations');
    expect(MATCH_URL).toBe('/api/regulations/match');
    expect(regulationUrl('work-safety-law-2021')).toBe('/api/regulations/work-safety-law-2021');
    expect(articleUrl('work-safety-law-2021', 99)).toBe('/api/regulations/work-safety-law-2021/articles/99');
    expect(regulationUrl('a/b')).toBe('/api/regulations/a%2Fb');
  });

  it('search with the query trimmed and empty filters left out', () => {
    expect(searchUrl({ q: ' 劳动防护用品 ' })).toBe(
      `/api/regulations/search?q=${encodeURIComponent('劳动防护用品').replace(/%20/g, '+')}&limit=20`,
    );
    expect(searchUrl({ q: '警示标志', lawId: 'work-safety-law-2021', limit: 5 })).toBe(
      `/api/regulations/search?q=${encodeURIComponent('警示标志')}&lawId=work-safety-law-2021&limit=5`,
    );
  });
});
