import type { FineRange } from '@safegrid/contracts';
import type { BASIS_NOTES, MAJOR_HAZARD_FIELDS } from '@safegrid/contracts/values';
import { parseChineseNumeral } from './chinese-numerals';
import { parseFineRanges, parseMeasures } from './fine-parser';
import { leadParagraph, type RegulationCatalogue, type RegulationNode } from './regulation-catalogue';
import { MAJOR_HAZARD_FIELD_BY_ARTICLE } from './regulation-sources';

/**
 * The provisions a finding can breach, each with what it violates and how it is punished:
 *
 * - penalty items of 安全生产法 and 令第13号, from the files' editorial penalty summaries (fines
 *   transcribed from the text, obligations linked);
 * - penalty items of 深圳条例 and 危化条例 (those the emergency-management bureau applies), with
 *   fines read from the text and, for 深圳条例, the obligations its text names (违反本条例第X条);
 * - the items of 令第10号 (重大事故隐患), whose handling basis is our reading (see BASIS_NOTES).
 */

export interface PenaltyProvision {
  ref: string;
  kind: 'penalty_item' | 'major_hazard';
  label: string;
  /** The provision's own legal text (an item, or the conduct clause of an article). */
  text: string;
  /** An editorial summary of the conduct, where the data has one. */
  summary: string | null;
  /**
   * The conduct the article's lead sentence adds to an item, when it says more than "有下列行为之一的"
   * (深圳条例 第五十五条's items only name the kind of unit; the conduct is in the lead).
   */
  context: string | null;
  /** Refs of the obligations it enforces (违反…的规定). */
  obligations: string[];
  /** The penalty basis: itself for a penalty item; 安全生产法 第一百零二条 for a major hazard. */
  penaltyRef: string;
  fines: FineRange[];
  measures: string[];
  field: (typeof MAJOR_HAZARD_FIELDS)[number] | null;
  basisNote: (typeof BASIS_NOTES)[number] | null;
}

interface EditorialFine {
  target: string;
  min?: number;
  max?: number;
  basis?: string;
  pct?: Record<string, number>;
  pctMin?: number;
  pctMax?: number;
  multMin?: number;
  multMax?: number;
}

interface EditorialPenalty {
  article: number;
  conduct?: string;
  items?: ({ item: string; summary: string; obligationArticles: number[] } | string)[];
  obligationArticles?: number[] | null;
  measures?: string[];
  fines?: EditorialFine[] | null;
}

const WORK_SAFETY_LAW = 'work-safety-law-2021';
const CONFINED_SPACE_RULES = 'confined-space-rules-2023';
const MAJOR_HAZARD_CRITERIA = 'major-hazard-criteria-2023';
const SHENZHEN = 'shenzhen-work-safety-regulations-2022';
const HAZARDOUS_CHEMICALS = 'hazardous-chemicals-regulation-2013';

/** Penalties that follow from an accident or an earlier penalty, not from what an inspection finds. */
const NOT_INSPECTION_FINDINGS = new Set([95, 112, 113, 114]);

/**
 * 令第13号 第十九至二十一条: which article each item enforces. The file links the articles as a
 * whole; the per-item split follows the requirement index's topics (editorial).
 */
const CONFINED_ITEM_OBLIGATIONS: Record<string, number[]> = {
  '19:1': [11],
  '19:2': [13],
  '20:1': [9],
  '20:2': [10],
  '21:1': [5],
  '21:2': [6],
  '21:3': [7, 14],
  '21:4': [14, 15],
};

/** 令第10号 items: violated 安全生产法 第四十一条第二款, handled under 第六十五条, punished under 第一百零二条. */
const MAJOR_HAZARD_OBLIGATION = `${WORK_SAFETY_LAW}:41:2`;
const MAJOR_HAZARD_PENALTY = `${WORK_SAFETY_LAW}:102`;

export function fineOf(f: EditorialFine): FineRange {
  if (f.min !== undefined && f.max !== undefined) {
    return { target: f.target, minYuan: f.min, maxYuan: f.max, basis: null, ratio: null };
  }
  let ratio: string | null = null;
  if (f.pct)
    ratio = Object.entries(f.pct)
      .map(([k, v]) => `${k} ${v}%`)
      .join('；');
  else if (f.pctMin !== undefined) ratio = `${f.pctMin}%–${f.pctMax}%`;
  else if (f.multMin !== undefined) ratio = `${f.multMin}–${f.multMax} 倍`;
  return { target: f.target, minYuan: null, maxYuan: null, basis: f.basis ?? null, ratio };
}

/** A lead sentence's conduct, unless it only introduces the list ("生产经营单位有下列行为之一的"). */
function leadConduct(text: string): string | null {
  const conduct = conductClause(text);
  return /有下列(行为|情形)之一的$|^有下列/.test(conduct) || conduct === text ? null : conduct;
}

/** The conduct part of a penalty clause: "生产经营单位未采取措施消除事故隐患的". */
function conductClause(text: string): string {
  const m = /^(.*?的)，/.exec(text);
  return m?.[1] ?? text;
}

function editorialProvisions(
  catalogue: RegulationCatalogue,
  law: RegulationNode,
  summaries: EditorialPenalty[],
) {
  const out: PenaltyProvision[] = [];
  for (const p of summaries) {
    if (law.id === WORK_SAFETY_LAW && NOT_INSPECTION_FINDINGS.has(p.article)) continue;
    const fines = (p.fines ?? []).map(fineOf);
    const textItems = listedItems(catalogue, law.id, p.article);
    const measures = p.measures ?? [];
    const push = (
      ref: string,
      obligations: number[],
      summary: string | null,
      only?: (f: FineRange) => boolean,
    ) => {
      const resolved = catalogue.resolve(ref);
      if (!resolved) throw new Error(`${ref}: not in the text`);
      out.push({
        ref,
        kind: 'penalty_item',
        label: resolved.label,
        text: resolved.item ? resolved.text : conductClause(resolved.text),
        summary,
        context: resolved.item && resolved.paragraph ? leadConduct(resolved.paragraph.text) : null,
        obligations: obligations.map((n) => `${law.id}:${n}`),
        penaltyRef: ref,
        fines: only ? fines.filter(only) : fines,
        measures,
        field: null,
        basisNote: null,
      });
    };
    if (p.items && p.items.length > 0) {
      p.items.forEach((item, index) => {
        const number = index + 1;
        if (typeof item === 'string') {
          const obligations =
            CONFINED_ITEM_OBLIGATIONS[`${p.article}:${number}`] ?? p.obligationArticles ?? [];
          push(`${law.id}:${p.article}:1:${number}`, obligations, null);
        } else {
          push(`${law.id}:${p.article}:1:${number}`, item.obligationArticles, item.summary);
        }
      });
    } else if (textItems.length > 0) {
      // The summary treats the article as one conduct, but the text lists items (第九十八、一百零五条).
      for (const item of textItems) {
        push(item.ref, p.obligationArticles ?? [], null);
      }
    } else if (law.id === WORK_SAFETY_LAW && p.article === 103) {
      // Two paragraphs, two different conducts and fine ranges.
      push(`${law.id}:103:1`, p.obligationArticles ?? [], null, (f) => f.target.includes('第一款'));
      push(`${law.id}:103:2`, p.obligationArticles ?? [], null, (f) => f.target.includes('第二款'));
    } else {
      push(`${law.id}:${p.article}`, p.obligationArticles ?? [], p.conduct ?? null);
    }
  }
  return out;
}

/** 违反本条例第三十九条规定 / 第四十一条第一款第一项 → obligation refs. */
function namedObligations(lawId: string, text: string): string[] {
  return [
    ...text.matchAll(/(?:违反|按照)本条例第([一二三四五六七八九十百]+)条(?:第([一二三四五六七八九十]+)款)?/g),
  ].map((m) => `${lawId}:${parseChineseNumeral(m[1] ?? '')}${m[2] ? `:${parseChineseNumeral(m[2])}` : ''}`);
}

function listedItems(catalogue: RegulationCatalogue, lawId: string, number: number) {
  const article = catalogue.article(lawId, number);
  return article ? leadParagraph(article).items : [];
}

function textualProvisions(
  catalogue: RegulationCatalogue,
  law: RegulationNode,
  articles: number[],
  unit: string,
) {
  const out: PenaltyProvision[] = [];
  for (const number of articles) {
    const article = catalogue.article(law.id, number);
    if (!article) throw new Error(`${law.id}:${number}: not in the text`);
    const lead = leadParagraph(article);
    const leadFines = parseFineRanges(lead.text, unit);
    const leadMeasures = parseMeasures(lead.text);
    const units =
      lead.items.length > 0
        ? lead.items.map((i) => i.ref)
        : [article.paragraphs.length > 1 ? lead.ref : article.ref];
    for (const ref of units) {
      const resolved = catalogue.resolve(ref)!;
      const own = resolved.item ? parseFineRanges(resolved.item.text, unit) : [];
      const obligations = namedObligations(law.id, resolved.item ? resolved.item.text : lead.text).concat(
        resolved.item ? namedObligations(law.id, lead.text) : [],
      );
      out.push({
        ref,
        kind: 'penalty_item',
        label: resolved.label,
        text: resolved.item ? resolved.item.text : conductClause(lead.text),
        summary: null,
        context: resolved.item ? leadConduct(lead.text) : null,
        obligations: [...new Set(obligations)],
        penaltyRef: ref,
        fines: own.length > 0 ? own : leadFines,
        measures: resolved.item
          ? [...new Set([...leadMeasures, ...parseMeasures(resolved.item.text)])]
          : leadMeasures,
        field: null,
        basisNote: obligations.length === 0 ? 'no_obligation_link' : null,
      });
    }
  }
  return out;
}

function majorHazardProvisions(
  catalogue: RegulationCatalogue,
  law: RegulationNode,
  penalty: PenaltyProvision,
) {
  const out: PenaltyProvision[] = [];
  for (const article of law.articles) {
    const field = MAJOR_HAZARD_FIELD_BY_ARTICLE[article.number];
    if (!field) continue;
    const lead = leadParagraph(article);
    const refs = lead.items.length > 0 ? lead.items.map((i) => i.ref) : [article.ref];
    for (const ref of refs) {
      const resolved = catalogue.resolve(ref)!;
      out.push({
        ref,
        kind: 'major_hazard',
        label: resolved.label,
        text: resolved.text,
        summary: null,
        context: null,
        obligations: [MAJOR_HAZARD_OBLIGATION],
        penaltyRef: MAJOR_HAZARD_PENALTY,
        fines: penalty.fines,
        measures: penalty.measures,
        field,
        basisNote: 'major_hazard_handling',
      });
    }
  }
  return out;
}

export function buildPenaltyProvisions(catalogue: RegulationCatalogue): PenaltyProvision[] {
  const law = (id: string) => {
    const r = catalogue.regulation(id);
    if (!r) throw new Error(`regulation ${id} is not loaded`);
    return r;
  };
  const wsl = law(WORK_SAFETY_LAW);
  const workSafety = editorialProvisions(catalogue, wsl, wsl.raw.penaltySummary as EditorialPenalty[]);
  const confined = law(CONFINED_SPACE_RULES);
  const confinedItems = editorialProvisions(
    catalogue,
    confined,
    confined.raw.penaltySummary_editorial as EditorialPenalty[],
  );
  // 深圳条例 第五十二至五十八条: the penalty articles an inspection of an enterprise can lead to.
  const shenzhen = textualProvisions(catalogue, law(SHENZHEN), [52, 53, 54, 55, 56, 57, 58], '生产经营单位');
  const chemicals = law(HAZARDOUS_CHEMICALS);
  // 危化条例 第七章: only the articles the safety regulator (安全生产监督管理部门) applies.
  const chemicalArticles = chemicals.articles
    .filter((a) => a.chapter === '第七章 法律责任' && a.text.includes('由安全生产监督管理部门'))
    .map((a) => a.number);
  const chemical = textualProvisions(catalogue, chemicals, chemicalArticles, '单位');
  const removal = workSafety.find((p) => p.ref === MAJOR_HAZARD_PENALTY);
  if (!removal) throw new Error('安全生产法 第一百零二条 is missing from the penalty summary');
  const major = majorHazardProvisions(catalogue, law(MAJOR_HAZARD_CRITERIA), removal);
  return [...workSafety, ...confinedItems, ...shenzhen, ...chemical, ...major];
}
