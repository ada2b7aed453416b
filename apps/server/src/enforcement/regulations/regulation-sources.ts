import type {
  MAJOR_HAZARD_FIELDS,
  REGULATION_KINDS,
  REGULATION_VERIFICATION,
} from '@safegrid/contracts/values';

/**
 * The regulations of the library: which data file, and what the data's own metadata says about
 * each. Every figure here (effective date, order number, verification) is read from the file or
 * from its article text where possible; `effectiveNote` says where a date does not come from the
 * consolidated text itself.
 */
export interface RegulationSource {
  id: string;
  file: string;
  shortTitle: string;
  kind: (typeof REGULATION_KINDS)[number];
  issuer: string;
  verification: (typeof REGULATION_VERIFICATION)[number];
  /** Overrides the date found in the closing article (…自…起施行), with the reason. */
  effective?: { date: string; note: string };
}

export const REGULATION_SOURCES: readonly RegulationSource[] = [
  {
    id: 'work-safety-law-2021',
    file: 'work-safety-law-2021.json',
    shortTitle: '安全生产法',
    kind: 'law',
    issuer: '全国人民代表大会常务委员会',
    verification: 'verified',
    // The consolidated text's closing article gives the 2002 date of the original law.
    effective: {
      date: '2021-09-01',
      note: '2021年修正自2021年9月1日起施行（出自修改决定，综合文本本身未载明；未再次核对）。',
    },
  },
  {
    id: 'confined-space-rules-2023',
    file: 'confined-space-rules-2023.json',
    shortTitle: '工贸企业有限空间作业安全规定',
    kind: 'departmental_rule',
    issuer: '应急管理部',
    verification: 'verified',
  },
  {
    id: 'major-hazard-criteria-2023',
    file: 'major-hazard-criteria-2023.json',
    shortTitle: '工贸企业重大事故隐患判定标准',
    kind: 'departmental_rule',
    issuer: '应急管理部',
    verification: 'verbatim_secondary',
  },
  {
    id: 'shenzhen-work-safety-regulations-2022',
    file: 'shenzhen-work-safety-regulations-2022.json',
    shortTitle: '深圳经济特区安全生产监督管理条例',
    kind: 'local_regulation',
    issuer: '深圳市人民代表大会常务委员会',
    verification: 'unverified',
  },
  {
    id: 'hazardous-chemicals-regulation-2013',
    file: 'hazardous-chemicals-regulation-2013.json',
    shortTitle: '危险化学品安全管理条例',
    kind: 'administrative_regulation',
    issuer: '国务院',
    verification: 'verified',
  },
  {
    id: 'dust-explosion-rules-2021',
    file: 'dust-explosion-rules-2021-partial.json',
    shortTitle: '工贸企业粉尘防爆安全规定',
    kind: 'departmental_rule',
    issuer: '应急管理部',
    verification: 'partial',
  },
  {
    id: 'accident-reporting-regulation-2007',
    file: 'accident-reporting-regulation-2007.json',
    shortTitle: '生产安全事故报告和调查处理条例',
    kind: 'administrative_regulation',
    issuer: '国务院',
    verification: 'verified',
  },
  {
    id: 'administrative-penalty-law-2021',
    file: 'administrative-penalty-law-2021.json',
    shortTitle: '行政处罚法',
    kind: 'law',
    issuer: '全国人民代表大会常务委员会',
    verification: 'unverified',
  },
  {
    id: 'administrative-coercion-law-2011',
    file: 'administrative-coercion-law-2011.json',
    shortTitle: '行政强制法',
    kind: 'law',
    issuer: '全国人民代表大会常务委员会',
    verification: 'unverified',
  },
];

/** 令第10号: the field each article's items apply to (the article's own lead sentence says so). */
export const MAJOR_HAZARD_FIELD_BY_ARTICLE: Readonly<Record<number, (typeof MAJOR_HAZARD_FIELDS)[number]>> = {
  3: 'general',
  4: 'metallurgy',
  5: 'nonferrous',
  6: 'building_materials',
  7: 'machinery',
  8: 'light_industry',
  9: 'textile',
  10: 'tobacco',
  11: 'dust_explosion',
  12: 'liquid_ammonia',
  13: 'confined_space',
  14: 'general',
};
