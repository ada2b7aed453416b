/**
 * The spreadsheet layout of the enterprise registry, shared by the export, the import template
 * and the import parser so that an exported file can be edited and imported back.
 */
export const ENTERPRISE_COLUMNS = [
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['creditCode', 'credit code', '信用代码'],
    width: 22,
  },
  { key: 'name', header: '企业名称', aliases: ['name'], width: 36 },
  { key: 'address', header: '地址', aliases: ['address', '企业地址'], width: 44 },
  {
    key: 'industryCode',
    header: '行业代码',
    aliases: ['industryCode', 'industry code', '国民经济行业代码'],
    width: 10,
  },
  { key: 'scale', header: '规模', aliases: ['scale', '企业规模'], width: 8 },
  { key: 'employees', header: '从业人数', aliases: ['employees', '职工人数'], width: 10 },
  { key: 'lon', header: '经度', aliases: ['lon', 'longitude'], width: 12 },
  { key: 'lat', header: '纬度', aliases: ['lat', 'latitude'], width: 12 },
  { key: 'gridId', header: '网格编号', aliases: ['gridId', 'grid', '网格'], width: 20 },
  { key: 'status', header: '经营状态', aliases: ['status', '状态'], width: 10 },
] as const;

export type EnterpriseColumnKey = (typeof ENTERPRISE_COLUMNS)[number]['key'];

export const SCALE_LABELS = { large: '大型', medium: '中型', small: '小型', micro: '微型' } as const;
export const STATUS_LABELS = { operating: '在营', suspended: '停业', closed: '注销' } as const;

export function parseLabel<K extends string>(labels: Record<K, string>, raw: string): K | undefined {
  const value = raw.trim();
  for (const [key, label] of Object.entries(labels) as [K, string][]) {
    if (value === label || value.toLowerCase() === key) return key;
  }
  return undefined;
}
