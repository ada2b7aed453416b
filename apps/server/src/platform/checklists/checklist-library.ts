import { readFileSync } from 'node:fs';
import type { Checklist, ChecklistItem } from '@safegrid/contracts';
import { GONGMAO_CATEGORIES } from '@safegrid/contracts/values';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { MAJOR_HAZARD_FIELD_BY_ARTICLE } from '../../enforcement/regulations/regulation-sources';

type Category = (typeof GONGMAO_CATEGORIES)[number];

export const CHECKLISTS_FILE = new URL('../../../../../data/grid/checklists.json', import.meta.url);
/** 工贸企业重大事故隐患判定标准 (应急管理部令第10号). */
export const MAJOR_HAZARD_LAW = 'major-hazard-criteria-2023';

interface RawItem {
  id: string;
  since: string;
  text: { 'zh-CN': string; en: string };
  provisionRefs: string[];
}

interface RawChecklists {
  generalItems: RawItem[];
  templates: Record<string, { id: string; version: string; items: string[] }>;
}

/** The 令第10号 fields that depend on what an enterprise does, not on its category. */
export const ENTERPRISE_FIELDS = ['dust_explosion', 'liquid_ammonia', 'confined_space'] as const;
export type EnterpriseField = (typeof ENTERPRISE_FIELDS)[number];

export interface ChecklistLibrary {
  /** The template of the category with the 令第10号 items for it appended. */
  forCategory(category: Category): Checklist;
  /**
   * The category's check-list plus the 令第10号 articles of the fields the enterprise works in
   * (粉尘爆炸 and 液氨制冷 from its risk tags, 有限空间 from its confined-space ledger).
   */
  forEnterprise(category: Category, fields: ReadonlySet<EnterpriseField>): Checklist;
  /** Every ref the data files cite, for the test that each one resolves. */
  citedRefs(): string[];
}

/**
 * The articles of 令第10号 whose items apply to an enterprise of this category: 第三条 (every 工贸
 * enterprise) and the category's own article. 商贸 has no article of its own. The field articles
 * (粉尘爆炸, 液氨制冷, 有限空间) depend on what the enterprise does: `forEnterprise` adds them from its
 * profile, never guessed from the category.
 */
export function majorHazardArticles(category: Category): number[] {
  const articles = Object.entries(MAJOR_HAZARD_FIELD_BY_ARTICLE)
    .filter(([, field]) => field === category)
    .map(([number]) => Number(number));
  return [3, ...articles];
}

/** The articles of 令第10号 of one field (粉尘爆炸: 第十一条, …). */
function fieldArticles(field: EnterpriseField): number[] {
  return Object.entries(MAJOR_HAZARD_FIELD_BY_ARTICLE)
    .filter(([, f]) => f === field)
    .map(([number]) => Number(number));
}

function majorHazardItems(catalogue: RegulationCatalogue, articles: readonly number[]): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  for (const number of articles) {
    const article = catalogue.article(MAJOR_HAZARD_LAW, number);
    if (!article) throw new Error(`${MAJOR_HAZARD_LAW}:${number} is not in the regulation library`);
    for (const paragraph of article.paragraphs) {
      for (const item of paragraph.items) {
        const resolved = catalogue.resolve(item.ref)!;
        items.push({
          // The ref is the id: stable across template versions, and it names the item outright.
          id: item.ref,
          // The law's own words; the English view shows the citation (no invented translation).
          text: { 'zh-CN': item.text, en: resolved.label },
          majorHazardRef: item.ref,
          provisionRefs: [item.ref],
        });
      }
    }
  }
  return items;
}

export function createChecklistLibrary(
  catalogue: RegulationCatalogue,
  file: URL = CHECKLISTS_FILE,
): ChecklistLibrary {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawChecklists;
  const general = new Map(raw.generalItems.map((i) => [i.id, i]));
  if (general.size !== raw.generalItems.length) throw new Error(`${file.pathname}: an item id occurs twice`);
  const built = new Map<Category, Checklist>();
  for (const category of GONGMAO_CATEGORIES) {
    const template = raw.templates[category];
    if (!template) throw new Error(`${file.pathname}: no template for ${category}`);
    const own = template.items.map((id): ChecklistItem => {
      const item = general.get(id);
      if (!item) throw new Error(`${file.pathname}: ${template.id} lists unknown item ${id}`);
      return { id, text: item.text, majorHazardRef: null, provisionRefs: item.provisionRefs };
    });
    built.set(category, {
      templateId: template.id,
      version: template.version,
      category,
      items: [...own, ...majorHazardItems(catalogue, majorHazardArticles(category))],
    });
  }
  const fieldItems = new Map(
    ENTERPRISE_FIELDS.map((f) => [f, majorHazardItems(catalogue, fieldArticles(f))]),
  );
  return {
    forCategory: (category) => built.get(category)!,
    forEnterprise: (category, fields) => {
      const base = built.get(category)!;
      const extra = ENTERPRISE_FIELDS.filter((f) => fields.has(f)).flatMap((f) => fieldItems.get(f)!);
      return extra.length === 0 ? base : { ...base, items: [...base.items, ...extra] };
    },
    citedRefs: () => [...new Set(raw.generalItems.flatMap((i) => i.provisionRefs))],
  };
}
