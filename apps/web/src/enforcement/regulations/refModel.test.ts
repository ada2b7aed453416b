import { describe, expect, it } from 'vitest';
import {
  MATCHER_PATH,
  REGULATIONS_PATH,
  articleNumberParam,
  articlePath,
  librarySearchPath,
  parseRef,
  refFromHash,
  refPath,
  regulationPath,
} from './refModel';

describe('parseRef', () => {
  it('splits article, paragraph and item', () => {
    expect(parseRef('work-safety-law-2021:99:1:1')).toEqual({
      lawId: 'work-safety-law-2021',
      article: 99,
      paragraph: 1,
      item: 1,
    });
    expect(parseRef('work-safety-law-2021:45:2')).toEqual({
      lawId: 'work-safety-law-2021',
      article: 45,
      paragraph: 2,
      item: null,
    });
    expect(parseRef('major-hazard-criteria-2023:4')).toEqual({
      lawId: 'major-hazard-criteria-2023',
      article: 4,
      paragraph: null,
      item: null,
    });
  });

  it('refuses what is not a ref', () => {
    for (const bad of [
      '',
      'work-safety-law-2021',
      'ab:1',
      'Work-Safety:1',
      'law-x:0',
      'law-x:1:2:3:4',
      'law-x:12345',
      'law-x:1:',
    ]) {
      expect({ bad, parsed: parseRef(bad) }).toEqual({ bad, parsed: null });
    }
  });
});

describe('paths', () => {
  it('build the library, regulation and article routes', () => {
    expect(REGULATIONS_PATH).toBe('/enforcement/regulations');
    expect(MATCHER_PATH).toBe('/enforcement/matcher');
    expect(regulationPath('work-safety-law-2021')).toBe('/enforcement/regulations/work-safety-law-2021');
    expect(articlePath('work-safety-law-2021', 99)).toBe(
      '/enforcement/regulations/work-safety-law-2021/articles/99',
    );
  });

  it('link a paragraph or item ref to its anchor on the article page, and an article ref to the page', () => {
    expect(refPath('work-safety-law-2021:99:1:5')).toBe(
      '/enforcement/regulations/work-safety-law-2021/articles/99#work-safety-law-2021:99:1:5',
    );
    expect(refPath('work-safety-law-2021:45:2')).toBe(
      '/enforcement/regulations/work-safety-law-2021/articles/45#work-safety-law-2021:45:2',
    );
    expect(refPath('work-safety-law-2021:45')).toBe(
      '/enforcement/regulations/work-safety-law-2021/articles/45',
    );
    expect(refPath('not a ref')).toBe(REGULATIONS_PATH);
  });

  it('read the ref back from the location hash', () => {
    expect(refFromHash('#work-safety-law-2021:99:1:5')).toBe('work-safety-law-2021:99:1:5');
    expect(refFromHash('#work-safety-law-2021%3A99%3A1')).toBe('work-safety-law-2021:99:1');
    expect(refFromHash('')).toBeNull();
    expect(refFromHash('#')).toBeNull();
    expect(refFromHash('#top')).toBeNull();
    expect(refFromHash('#%E0%A4%A')).toBeNull();
  });

  it('round-trips every paragraph and item ref through the article link', () => {
    for (const ref of ['abc:1:1', 'work-safety-law-2021:99:1:8', 'x-y-z:9999:99:99']) {
      const path = refPath(ref);
      expect(refFromHash(path.slice(path.indexOf('#')))).toBe(ref);
    }
  });

  it('put a search into the library URL', () => {
    expect(librarySearchPath(' 劳动防护用品 ')).toBe(
      `/enforcement/regulations?q=${encodeURIComponent('劳动防护用品')}`,
    );
    expect(librarySearchPath('  ')).toBe('/enforcement/regulations');
  });

  it('take only plausible article numbers from the route', () => {
    expect(articleNumberParam('99')).toBe(99);
    expect(articleNumberParam('9999')).toBe(9999);
    for (const bad of [undefined, '', '0', '07', '10000', '1.5', '-1', 'abc']) {
      expect({ bad, n: articleNumberParam(bad) }).toEqual({ bad, n: null });
    }
  });
});
