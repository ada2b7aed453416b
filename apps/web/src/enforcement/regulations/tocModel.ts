import type { ArticleHeading } from '@safegrid/contracts';

/** The table of contents of a regulation, and the way from one article to the next. */

export interface ChapterGroup {
  /** The chapter heading as the data gives it (第六章 法律责任); null where the text has no chapters. */
  chapter: string | null;
  articles: ArticleHeading[];
}

/**
 * Groups the articles into runs of the same chapter, in the order given (the regulation's own
 * order). A chapter that came back after another one starts a new group rather than being
 * merged, so the TOC never reorders the text.
 */
export function groupByChapter(articles: readonly ArticleHeading[]): ChapterGroup[] {
  const groups: ChapterGroup[] = [];
  for (const article of articles) {
    const last = groups[groups.length - 1];
    if (last && last.chapter === article.chapter) last.articles.push(article);
    else groups.push({ chapter: article.chapter, articles: [article] });
  }
  return groups;
}

export interface Neighbours {
  prev: ArticleHeading | null;
  next: ArticleHeading | null;
}

/**
 * The articles before and after `number` in the table of contents. A partial text may lack
 * articles, so this follows the list (what the data has), not number ± 1. An article missing
 * from the list has the nearest ones on either side as neighbours.
 */
export function neighbours(articles: readonly ArticleHeading[], number: number): Neighbours {
  const sorted = [...articles].sort((a, b) => a.number - b.number);
  let prev: ArticleHeading | null = null;
  let next: ArticleHeading | null = null;
  for (const article of sorted) {
    if (article.number < number) prev = article;
    else if (article.number > number) {
      next = article;
      break;
    }
  }
  return { prev, next };
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/**
 * 1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 101 → 一百零一, 110 → 一百一十, 1001 → 一千零一,
 * as law texts number their articles and paragraphs (1–9999; anything else as digits).
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n);
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i]!;
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[d]! + unit;
  });
  // 一十 … 一十九 are written 十 … 十九 when they stand alone.
  return n >= 10 && n < 20 ? out.slice(1) : out;
}

/** An item as displayed: its label (（一）) before its text, unless the text already starts with it. */
export function itemDisplayText(label: string, text: string): string {
  const body = text.trimStart();
  if (label === '' || body.startsWith(label)) return body;
  return `${label}${body}`;
}

/** A paragraph's number as the UI's language writes it in "第{n}款" / "paragraph {n}". */
export function paragraphNumeral(n: number, locale: 'zh-CN' | 'en'): string {
  return locale === 'en' ? String(n) : chineseNumeral(n);
}
