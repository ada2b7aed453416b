import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The pre-entry risk checklist of a confined-space work permit. Every item rests on an article of
 * 工贸企业有限空间作业安全规定 (应急管理部令第13号), and `phrase` holds the article's own words that
 * support it, so the test can prove the citation against the data file and the UI can highlight
 * the words. The labels are ours (checklist-messages.ts); the legal text only ever comes from
 * data/laws/confined-space-rules-2023.json, never from this source file.
 *
 * The ids are stored in permits' answers and audit entries: rename one and old permits lose it.
 */

export interface ChecklistItem {
  id: string;
  /** Article number as the regulation writes it, e.g. '第十四条'. */
  article: string;
  /** Words that occur verbatim in that article and carry the item. */
  phrase: string;
  messageKey: string;
}

const ITEMS = [
  // 第十四条 first sentence is the whole sequence; ventilation and testing are separate items
  // because the attendant checks them at different moments and either can be skipped alone.
  { id: 'ventilate_first', article: '第十四条', phrase: '先通风' },
  { id: 'test_before_entry', article: '第十四条', phrase: '再检测、后作业' },
  { id: 'isolation_done', article: '第十四条', phrase: '隔断、清除、置换' },
  { id: 'safety_briefing_done', article: '第十四条', phrase: '安全交底' },
  { id: 'ppe_checked', article: '第十四条', phrase: '确认防护用品能够正常使用' },
  { id: 'rescue_equipment_ready', article: '第十四条', phrase: '作业现场配备必要的应急救援装备' },
  { id: 'continuous_monitoring', article: '第十五条', phrase: '持续进行通风和气体浓度检测' },
  { id: 'attendant_present', article: '第十五条', phrase: '全程进行监护' },
  { id: 'warning_sign_posted', article: '第十一条', phrase: '安全警示标志' },
  { id: 'entrants_trained', article: '第九条', phrase: '未经培训合格不得参与有限空间作业' },
] as const;

export type ChecklistItemId = (typeof ITEMS)[number]['id'];

export const PERMIT_CHECKLIST: readonly (ChecklistItem & { id: ChecklistItemId })[] = ITEMS.map((item) => ({
  ...item,
  messageKey: `permit.checklist.${item.id}`,
}));

/**
 * Items not confirmed, in checklist order. Only an own `true` counts: a missing key, `false`, or a
 * value smuggled in through the prototype all leave the item open, because a permit must never
 * pass on an answer nobody gave.
 */
export function missingChecklistItems(answers: Readonly<Record<string, boolean>>): ChecklistItemId[] {
  return PERMIT_CHECKLIST.filter(
    (item) => !(Object.hasOwn(answers, item.id) && answers[item.id] === true),
  ).map((item) => item.id);
}

export const CONFINED_SPACE_RULES_PATH = fileURLToPath(
  new URL('../../../../../data/laws/confined-space-rules-2023.json', import.meta.url),
);

interface LawArticle {
  no: string;
  num: number;
  text: string;
}

interface LawFile {
  title: string;
  orderNo: string;
  effective: string;
  verification: string;
  articles: LawArticle[];
}

export interface ChecklistLaw {
  title: string;
  orderNo: string;
  effective: string;
  /** Shown next to the article so users can judge the text (data/SOURCES.md). */
  verification: string;
}

let cached: LawFile | undefined;

// Read once per process and only when first asked: the permit machine imports this module for
// the item list and must stay free of I/O.
function lawFile(): LawFile {
  cached ??= JSON.parse(readFileSync(CONFINED_SPACE_RULES_PATH, 'utf8')) as LawFile;
  return cached;
}

export function checklistLaw(): ChecklistLaw {
  const { title, orderNo, effective, verification } = lawFile();
  return { title, orderNo, effective, verification };
}

/** The full text of the article an item cites, as published; undefined for an unknown id. */
export function checklistArticleText(id: string): string | undefined {
  const item = PERMIT_CHECKLIST.find((candidate) => candidate.id === id);
  if (item === undefined) return undefined;
  return lawFile().articles.find((article) => article.no === item.article)?.text;
}
