import { readFileSync } from 'node:fs';
import { formatChineseNumeral, parseChineseNumeral, parseItemLabel } from './chinese-numerals';
import {
  MAJOR_HAZARD_FIELD_BY_ARTICLE,
  REGULATION_SOURCES,
  type RegulationSource,
} from './regulation-sources';

/**
 * The regulation library, read once from data/laws at start-up and held in memory: the texts are
 * reference data that change only with a new data file (and then with a new release), a few
 * megabytes in all, and the matcher needs them in memory anyway. Every article, paragraph (款)
 * and item (项) gets a stable ref `lawId:article[:paragraph[:item]]`.
 */

export const LAWS_DIR = new URL('../../../../../data/laws/', import.meta.url);

export interface ItemNode {
  ref: string;
  number: number;
  /** （一） */
  label: string;
  text: string;
}

export interface ParagraphNode {
  ref: string;
  number: number;
  text: string;
  items: ItemNode[];
}

export interface ArticleNode {
  ref: string;
  lawId: string;
  number: number;
  label: string;
  chapter: string | null;
  text: string;
  paragraphs: ParagraphNode[];
  textNote: string | null;
}

export interface RegulationNode {
  id: string;
  title: string;
  /** The title as cited in a document: 《中华人民共和国安全生产法》. */
  citationTitle: string;
  shortTitle: string;
  kind: RegulationSource['kind'];
  issuer: string;
  orderNo: string | null;
  version: string;
  effective: string | null;
  verification: RegulationSource['verification'];
  verificationNote: string;
  currencyWarning: string | null;
  articleCount: number;
  missingArticleCount: number;
  articles: ArticleNode[];
  /** The raw data file, for the editorial indexes some files carry (penalty summaries). */
  raw: RawRegulation;
}

/** The fields of the data files this module reads; each file has its own subset. */
export interface RawRegulation {
  title: string;
  version?: string;
  header?: string[] | string;
  verification?: string;
  status?: string;
  statusBasis?: string;
  number?: string;
  orderNo?: string;
  promulgated?: string;
  versionDate?: string;
  adopted?: string;
  effective?: string;
  currencyWarning?: string;
  articleCount?: number;
  missingArticles?: number[];
  singleSourceItems?: string[];
  articles: RawArticle[];
  [key: string]: unknown;
}

interface RawArticle {
  no: string;
  num?: number;
  chapter?: string | null;
  text?: string;
  paragraphs?: string[];
  lead?: string;
  items?: { no: string; text: string }[];
  textBasis?: string;
}

const ITEM_LINE = /^[（(]([一二三四五六七八九十]+)[）)]\s*/;

export function articleNumber(no: string): number {
  const m = /^第([零一二三四五六七八九十百千]+)条$/.exec(no.trim());
  const n = m?.[1] ? parseChineseNumeral(m[1]) : null;
  if (n === null) throw new Error(`not an article number: ${no}`);
  return n;
}

/** Lines of an article: paragraphs, with item lines attached to the paragraph they list under. */
function paragraphsOf(lawId: string, number: number, lines: string[]): ParagraphNode[] {
  const paragraphs: ParagraphNode[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const item = ITEM_LINE.exec(line);
    const parent = paragraphs.at(-1);
    if (item && parent) {
      const n = parseItemLabel(line)!;
      parent.items.push({
        ref: `${parent.ref}:${n}`,
        number: n,
        label: `（${item[1]}）`,
        text: line.slice(item[0].length).trim(),
      });
      continue;
    }
    const p = paragraphs.length + 1;
    paragraphs.push({ ref: `${lawId}:${number}:${p}`, number: p, text: line, items: [] });
  }
  return paragraphs;
}

function articleOf(source: RegulationSource, raw: RawRegulation, a: RawArticle): ArticleNode {
  const number = a.num ?? articleNumber(a.no);
  let lines: string[];
  let textNote: string | null = a.textBasis ?? null;
  if (a.lead !== undefined) {
    // 令第10号's shape: a lead sentence and its items.
    lines = [a.lead, ...(a.items ?? []).map((i) => `${i.no}${i.text}`)];
    const single = (raw.singleSourceItems ?? []).filter((s) => s.startsWith(a.no));
    if (single.length > 0) textNote = `以下各项仅见于一个来源，未经第二来源核对：${single.join('、')}`;
  } else {
    lines = a.paragraphs ?? (a.text ?? '').split('\n');
  }
  const paragraphs = paragraphsOf(source.id, number, lines);
  const text = paragraphs
    .map((p) => [p.text, ...p.items.map((i) => `${i.label}${i.text}`)].join('\n'))
    .join('\n');
  return {
    ref: `${source.id}:${number}`,
    lawId: source.id,
    number,
    label: a.no,
    chapter: a.chapter ?? null,
    text,
    paragraphs,
    textNote,
  };
}

function headerLines(raw: RawRegulation): string[] {
  return Array.isArray(raw.header)
    ? raw.header
    : typeof raw.header === 'string'
      ? raw.header.split('\n')
      : [];
}

function versionOf(raw: RawRegulation): string {
  if (raw.version) return raw.version;
  if (raw.versionDate) return `${raw.versionDate} 修订`;
  if (raw.promulgated) return `${raw.promulgated} 公布`;
  const last = headerLines(raw)
    .filter((l) => /\d{4}年/.test(l))
    .at(-1);
  if (last) return last.trim();
  return raw.adopted ?? '';
}

function effectiveOf(source: RegulationSource, raw: RawRegulation, articles: ArticleNode[]): string | null {
  if (source.effective) return source.effective.date;
  if (raw.effective && /^\d{4}-\d{2}-\d{2}$/.test(raw.effective)) return raw.effective;
  const closing = articles.at(-1)?.text ?? '';
  const m = /自(\d{4})年(\d{1,2})月(\d{1,2})日起施行/.exec(closing);
  if (!m) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export function buildRegulation(source: RegulationSource, raw: RawRegulation): RegulationNode {
  if (!raw || typeof raw.title !== 'string' || !Array.isArray(raw.articles) || raw.articles.length === 0) {
    throw new Error(`${source.file}: no title or no articles`);
  }
  const articles = raw.articles.map((a) => articleOf(source, raw, a)).sort((a, b) => a.number - b.number);
  for (const a of articles) leadParagraph(a);
  const numbers = new Set(articles.map((a) => a.number));
  if (numbers.size !== articles.length) throw new Error(`${source.file}: an article number occurs twice`);
  const title = raw.title.trim();
  const notes = [raw.verification, raw.status, raw.statusBasis, source.effective?.note].filter(
    (n): n is string => typeof n === 'string' && n.length > 0,
  );
  const articleCount = raw.articleCount ?? articles.length;
  return {
    id: source.id,
    title,
    citationTitle: `《${title.replace(/（[^）]*）$/, '')}》`,
    shortTitle: source.shortTitle,
    kind: source.kind,
    issuer: source.issuer,
    orderNo: raw.orderNo ?? raw.number ?? null,
    version: versionOf(raw),
    effective: effectiveOf(source, raw, articles),
    verification: source.verification,
    verificationNote: notes.join(' '),
    currencyWarning:
      raw.currencyWarning && /\bcheck\b/i.test(raw.currencyWarning) ? raw.currencyWarning : null,
    articleCount,
    missingArticleCount: Math.max(0, articleCount - articles.length),
    articles,
    raw,
  };
}

export interface RegulationCatalogue {
  regulations: readonly RegulationNode[];
  regulation(id: string): RegulationNode | undefined;
  article(lawId: string, number: number): ArticleNode | undefined;
  /** A provision by ref, with the text of exactly that article, paragraph or item. */
  resolve(ref: string): ResolvedProvision | undefined;
}

export interface ResolvedProvision {
  ref: string;
  regulation: RegulationNode;
  article: ArticleNode;
  paragraph: ParagraphNode | null;
  item: ItemNode | null;
  label: string;
  text: string;
}

/** 《中华人民共和国安全生产法》第九十九条第一款第（一）项; the 款 is left out of a one-paragraph article. */
export function provisionLabel(
  regulation: RegulationNode,
  article: ArticleNode,
  paragraph: ParagraphNode | null,
  item: ItemNode | null,
): string {
  let label = `${regulation.citationTitle}${article.label}`;
  if (paragraph && article.paragraphs.length > 1) label += `第${formatChineseNumeral(paragraph.number)}款`;
  if (item) label += `第${item.label}项`;
  return label;
}

export function createRegulationCatalogue(regulations: RegulationNode[]): RegulationCatalogue {
  const byId = new Map(regulations.map((r) => [r.id, r]));
  const articles = new Map<string, ArticleNode>();
  for (const r of regulations) for (const a of r.articles) articles.set(a.ref, a);
  return {
    regulations,
    regulation: (id) => byId.get(id),
    article: (lawId, number) => articles.get(`${lawId}:${number}`),
    resolve(ref) {
      const [lawId = '', ...rest] = ref.split(':');
      const [a, p, i] = rest.map(Number);
      const regulation = byId.get(lawId);
      const article = articles.get(`${lawId}:${a}`);
      if (!regulation || !article) return undefined;
      const paragraph = p ? article.paragraphs.find((x) => x.number === p) : undefined;
      if (p && !paragraph) return undefined;
      const item = i ? paragraph?.items.find((x) => x.number === i) : undefined;
      if (i && !item) return undefined;
      return {
        ref,
        regulation,
        article,
        paragraph: paragraph ?? null,
        item: item ?? null,
        label: provisionLabel(regulation, article, paragraph ?? null, item ?? null),
        text: item?.text ?? paragraph?.text ?? article.text,
      };
    },
  };
}

/** Reads every regulation of REGULATION_SOURCES; a missing or malformed file stops start-up. */
export function loadRegulationCatalogue(dir: URL = LAWS_DIR): RegulationCatalogue {
  const regulations = REGULATION_SOURCES.map((source) => {
    const raw = JSON.parse(readFileSync(new URL(source.file, dir), 'utf8')) as RawRegulation;
    return buildRegulation(source, raw);
  });
  return createRegulationCatalogue(regulations);
}

/** An article's first paragraph (every article has one: buildRegulation checks). */
export function leadParagraph(article: ArticleNode): ParagraphNode {
  const lead = article.paragraphs[0];
  if (!lead) throw new Error(`${article.ref}: no text`);
  return lead;
}

export function majorHazardFieldOf(article: ArticleNode) {
  return article.lawId === 'major-hazard-criteria-2023'
    ? (MAJOR_HAZARD_FIELD_BY_ARTICLE[article.number] ?? null)
    : null;
}
