import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GongmaoCategory } from '../../platform/db/schema';
import { csvRecords } from './csv-records';

/**
 * GB/T 4754-2017 (国民经济行业分类) with the 工贸 category of every code.
 *
 * Where the category comes from:
 * - 'official': 应急厅〔2019〕17号 lists the code. Our copy of that circular
 *   (data/industry/gongmao-industry-classification-2019.json) is complete for 冶金 (C31), 有色 (C32)
 *   and 建材 (C30 without C305 and five ceramics classes), and has 机械's nine divisions
 *   (C33–C40, C43) but not 机械's exclusions, which were cut off in both copies found. So a class
 *   marked machinery/'official' may in fact be one the circular excludes.
 * - 'derived': the circular's paragraphs for 轻工, 纺织, 烟草 and 商贸 are missing from every copy
 *   we have. The product still has to place enterprises of those trades, so DERIVED_RULES below
 *   map them from the GB/T 4754 names, division by division. This is our own reading, not the
 *   circular; the UI must show it as such, and it must be replaced once the 2019 text is found.
 */
export type CategorySource = 'official' | 'derived';

export interface IndustryRow {
  /** Section letter + digits: 'C', 'C39', 'C398', 'C3981'. */
  code: string;
  level: 1 | 2 | 3 | 4;
  name: string;
  parentCode: string | null;
  gongmaoCategory: GongmaoCategory | null;
  categorySource: CategorySource | null;
}

const DATA_DIR = new URL('../../../../../data/', import.meta.url);
export const INDUSTRY_CSV_PATH = fileURLToPath(new URL('industry/gbt4754-2017.csv', DATA_DIR));
export const GONGMAO_JSON_PATH = fileURLToPath(
  new URL('industry/gongmao-industry-classification-2019.json', DATA_DIR),
);

/** The circular names the eight industries in Chinese; the schema stores English keys. */
const CATEGORY_OF_NAME: Record<string, GongmaoCategory> = {
  冶金: 'metallurgy',
  有色: 'nonferrous',
  建材: 'building_materials',
  机械: 'machinery',
  轻工: 'light_industry',
  纺织: 'textile',
  烟草: 'tobacco',
  商贸: 'commerce',
};

interface Rule {
  /** Code with section letter; the rule covers the code and everything beneath it. */
  prefix: string;
  category: GongmaoCategory | null;
  why: string;
}

/**
 * Our own mapping for the four missing paragraphs (and the codes the official text leaves open).
 * The most specific rule wins, official or derived (C3074 over C307 over C30); a derived rule may
 * not sit on a code the circular itself includes (checked when the catalogue is built).
 */
export const DERIVED_RULES: readonly Rule[] = [
  { prefix: 'C16', category: 'tobacco', why: '烟草制品业: the only division about tobacco products.' },
  { prefix: 'C17', category: 'textile', why: '纺织业: spinning, weaving, dyeing and finishing of fibres.' },
  { prefix: 'C18', category: 'textile', why: '纺织服装、服饰业: garments made from textiles.' },
  // Light industry is taken as the residual consumer-goods manufacturing that no other of the
  // eight names covers: food and drink, leather and shoes (not a textile fibre), wood, furniture,
  // paper, printing, stationery/toys, medicines, rubber and plastics, miscellaneous goods.
  { prefix: 'C13', category: 'light_industry', why: '农副食品加工业: food processing.' },
  { prefix: 'C14', category: 'light_industry', why: '食品制造业: food manufacturing.' },
  { prefix: 'C15', category: 'light_industry', why: '酒、饮料和精制茶制造业: beverages.' },
  {
    prefix: 'C19',
    category: 'light_industry',
    why: '皮革、毛皮、羽毛及其制品和制鞋业: leather is not a textile fibre.',
  },
  { prefix: 'C20', category: 'light_industry', why: '木材加工和木、竹、藤、棕、草制品业: wood products.' },
  { prefix: 'C21', category: 'light_industry', why: '家具制造业: furniture.' },
  { prefix: 'C22', category: 'light_industry', why: '造纸和纸制品业: paper.' },
  { prefix: 'C23', category: 'light_industry', why: '印刷和记录媒介复制业: printing.' },
  { prefix: 'C24', category: 'light_industry', why: '文教、工美、体育和娱乐用品制造业: consumer goods.' },
  {
    prefix: 'C27',
    category: 'light_industry',
    why: '医药制造业: consumer-goods manufacturing; the least certain derived entry (it could as well be left to the chemicals regime).',
  },
  { prefix: 'C29', category: 'light_industry', why: '橡胶和塑料制品业: rubber and plastic goods.' },
  { prefix: 'C41', category: 'light_industry', why: '其他制造业: miscellaneous goods (日用杂品 etc.).' },
  {
    prefix: 'C412',
    category: null,
    why: '核辐射加工: radiation processing falls under radiation safety, not 工贸.',
  },
  // The circular takes these out of 建材 but the paragraph saying where they go is missing.
  // Glassware and non-building ceramics are goods, not building materials: light industry.
  {
    prefix: 'C305',
    category: 'light_industry',
    why: '玻璃制品制造: excluded from 建材 by the circular; placed in light industry by us.',
  },
  {
    prefix: 'C3073',
    category: 'light_industry',
    why: '特种陶瓷制品制造: excluded from 建材; placed in light industry by us.',
  },
  {
    prefix: 'C3074',
    category: 'light_industry',
    why: '日用陶瓷制品制造: excluded from 建材; placed in light industry by us.',
  },
  {
    prefix: 'C3075',
    category: 'light_industry',
    why: '陈设艺术陶瓷制造: excluded from 建材; placed in light industry by us.',
  },
  {
    prefix: 'C3076',
    category: 'light_industry',
    why: '园艺陶瓷制造: excluded from 建材; placed in light industry by us.',
  },
  {
    prefix: 'C3079',
    category: 'light_industry',
    why: '其他陶瓷制品制造: excluded from 建材; placed in light industry by us.',
  },
  // Fuels, chemicals, chemical fibres and recycling are named by none of the eight industries;
  // the first three are the business of hazardous-chemicals supervision.
  { prefix: 'C25', category: null, why: '石油、煤炭及其他燃料加工业: fuels, hazardous-chemicals regime.' },
  { prefix: 'C26', category: null, why: '化学原料和化学制品制造业: chemicals, hazardous-chemicals regime.' },
  { prefix: 'C28', category: null, why: '化学纤维制造业: a chemical process, hazardous-chemicals regime.' },
  { prefix: 'C42', category: null, why: '废弃资源综合利用业: recycling, none of the eight names covers it.' },
  // 商贸 read as trade: wholesale and retail, except selling fuels and chemicals (filling
  // stations, bottled gas, pesticides), which hazardous-chemicals supervision covers.
  { prefix: 'F51', category: 'commerce', why: '批发业: wholesale trade.' },
  { prefix: 'F52', category: 'commerce', why: '零售业: retail trade.' },
  { prefix: 'F5162', category: null, why: '石油及制品批发: fuel trade, hazardous-chemicals regime.' },
  { prefix: 'F5167', category: null, why: '农药批发: pesticides, hazardous-chemicals regime.' },
  { prefix: 'F5169', category: null, why: '其他化工产品批发: chemicals trade, hazardous-chemicals regime.' },
  { prefix: 'F5265', category: null, why: '机动车燃油零售: filling stations, hazardous-chemicals regime.' },
  {
    prefix: 'F5266',
    category: null,
    why: '机动车燃气零售: gas filling stations, hazardous-chemicals regime.',
  },
  {
    prefix: 'F5296',
    category: null,
    why: '生活用燃料零售: bottled gas and fuels, hazardous-chemicals regime.',
  },
];

interface OfficialFile {
  industries: {
    industry: string;
    include: { code: string }[] | null;
    exclude: { code: string }[] | null;
  }[];
}

interface ResolvedRule {
  category: GongmaoCategory | null;
  source: CategorySource | null;
}

/**
 * Official rules straight from our copy of the circular, so that what is "official" is exactly
 * what that file says (its codes are bare digits; all of them are manufacturing, section C).
 */
function officialRules(json: OfficialFile, sectionOf: (digits: string) => string): Map<string, ResolvedRule> {
  const rules = new Map<string, ResolvedRule>();
  for (const entry of json.industries) {
    const category = CATEGORY_OF_NAME[entry.industry];
    if (!category) throw new Error(`unknown 工贸 industry ${entry.industry} in the circular file`);
    for (const inc of entry.include ?? []) rules.set(sectionOf(inc.code), { category, source: 'official' });
    // An exclusion says "not this category"; what it is instead is ours to say (DERIVED_RULES).
    for (const exc of entry.exclude ?? []) rules.set(sectionOf(exc.code), { category: null, source: null });
  }
  return rules;
}

export function buildIndustryCatalogue(csvText: string, officialJson: OfficialFile): IndustryRow[] {
  const records = csvRecords(csvText);
  const byDigits = new Map<string, string>();
  for (const r of records) if (r.level !== '1') byDigits.set(r.code!.slice(1), r.code!);
  const sectionOf = (digits: string) => {
    const code = byDigits.get(digits);
    if (!code) throw new Error(`the circular names code ${digits}, which GB/T 4754-2017 does not have`);
    return code;
  };

  const rules = officialRules(officialJson, sectionOf);
  for (const rule of DERIVED_RULES) {
    const existing = rules.get(rule.prefix);
    if (existing?.source === 'official')
      throw new Error(`derived rule ${rule.prefix} would override the circular`);
    rules.set(rule.prefix, { category: rule.category, source: rule.category ? 'derived' : null });
  }

  return records.map((r) => {
    const level = Number(r.level) as IndustryRow['level'];
    if (![1, 2, 3, 4].includes(level)) throw new Error(`industry ${r.code} has level ${r.level}`);
    const code = r.code!;
    let resolved: ResolvedRule = { category: null, source: null };
    // Longest matching prefix wins: C3074 beats C307 beats C30.
    for (let len = code.length; len >= 2; len--) {
      const hit = rules.get(code.slice(0, len));
      if (hit) {
        resolved = hit;
        break;
      }
    }
    const parentCode =
      level === 1
        ? null
        : level === 2
          ? r.section!
          : level === 3
            ? r.section! + r.division!
            : r.section! + r.group!;
    return {
      code,
      level,
      name: r.name!,
      parentCode,
      gongmaoCategory: resolved.category,
      categorySource: resolved.source,
    };
  });
}

let cached: IndustryRow[] | undefined;

/** The catalogue from data/ (read once per process). */
export function loadIndustryCatalogue(): IndustryRow[] {
  cached ??= buildIndustryCatalogue(
    readFileSync(INDUSTRY_CSV_PATH, 'utf8'),
    JSON.parse(readFileSync(GONGMAO_JSON_PATH, 'utf8')) as OfficialFile,
  );
  return cached;
}
