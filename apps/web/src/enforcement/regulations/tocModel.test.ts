import { describe, expect, it } from 'vitest';
import type { ArticleHeading } from '@safegrid/contracts';
import { chineseNumeral, groupByChapter, itemDisplayText, neighbours, paragraphNumeral } from './tocModel';

const heading = (number: number, chapter: string | null): ArticleHeading => ({
  ref: `work-safety-law-2021:${number}`,
  number,
  label: `第${chineseNumeral(number)}条`,
  chapter,
  lead: `第 ${number} 条的开头`,
});

describe('groupByChapter', () => {
  it('groups runs of the same chapter in the text order', () => {
    const articles = [
      heading(1, '第一章 总则'),
      heading(2, '第一章 总则'),
      heading(3, '第二章 生产经营单位的安全生产保障'),
      heading(4, '第二章 生产经营单位的安全生产保障'),
      heading(5, '第二章 生产经营单位的安全生产保障'),
      heading(6, '第六章 法律责任'),
    ];
    const groups = groupByChapter(articles);
    expect(groups.map((g) => [g.chapter, g.articles.map((a) => a.number)])).toEqual([
      ['第一章 总则', [1, 2]],
      ['第二章 生产经营单位的安全生产保障', [3, 4, 5]],
      ['第六章 法律责任', [6]],
    ]);
    // Every article once, in order.
    expect(groups.flatMap((g) => g.articles)).toEqual(articles);
  });

  it('keeps a text without chapters as one group and never merges a chapter that comes back', () => {
    expect(groupByChapter([heading(1, null), heading(2, null)])).toEqual([
      { chapter: null, articles: [heading(1, null), heading(2, null)] },
    ]);
    expect(groupByChapter([heading(1, 'A'), heading(2, 'B'), heading(3, 'A')]).map((g) => g.chapter)).toEqual(
      ['A', 'B', 'A'],
    );
    expect(groupByChapter([])).toEqual([]);
  });
});

describe('neighbours', () => {
  const toc = [heading(1, null), heading(2, null), heading(5, null), heading(9, null)];

  it('follows the table of contents, skipping articles the data lacks', () => {
    expect(neighbours(toc, 2)).toEqual({ prev: toc[1 - 1], next: toc[2] });
    expect(neighbours(toc, 5)).toEqual({ prev: toc[1], next: toc[3] });
  });

  it('has no previous before the first and no next after the last', () => {
    expect(neighbours(toc, 1)).toEqual({ prev: null, next: toc[1] });
    expect(neighbours(toc, 9)).toEqual({ prev: toc[2], next: null });
    expect(neighbours([], 3)).toEqual({ prev: null, next: null });
  });

  it('gives an article missing from the list its nearest neighbours, whatever the list order', () => {
    expect(neighbours([...toc].reverse(), 4)).toEqual({ prev: toc[1], next: toc[2] });
  });
});

describe('chineseNumeral', () => {
  it('writes article and paragraph numbers as law texts do', () => {
    const cases: [number, string][] = [
      [1, '一'],
      [9, '九'],
      [10, '十'],
      [11, '十一'],
      [19, '十九'],
      [20, '二十'],
      [45, '四十五'],
      [99, '九十九'],
      [100, '一百'],
      [101, '一百零一'],
      [110, '一百一十'],
      [119, '一百一十九'],
      [1000, '一千'],
      [1001, '一千零一'],
      [1010, '一千零一十'],
      [1100, '一千一百'],
      [9999, '九千九百九十九'],
    ];
    for (const [n, text] of cases) expect({ n, text: chineseNumeral(n) }).toEqual({ n, text });
  });

  it('leaves numbers out of range as digits', () => {
    expect(chineseNumeral(0)).toBe('0');
    expect(chineseNumeral(10000)).toBe('10000');
    expect(chineseNumeral(1.5)).toBe('1.5');
  });

  it('numbers paragraphs per language', () => {
    expect(paragraphNumeral(2, 'zh-CN')).toBe('二');
    expect(paragraphNumeral(2, 'en')).toBe('2');
  });
});

describe('itemDisplayText', () => {
  it('puts the label before the text unless the text starts with it', () => {
    expect(itemDisplayText('（五）', '未为从业人员提供劳动防护用品的；')).toBe(
      '（五）未为从业人员提供劳动防护用品的；',
    );
    expect(itemDisplayText('（五）', '（五）未为从业人员提供劳动防护用品的；')).toBe(
      '（五）未为从业人员提供劳动防护用品的；',
    );
    expect(itemDisplayText('', ' 文本')).toBe('文本');
  });
});
