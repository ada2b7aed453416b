import type { EnterpriseSummary, ImportJob } from '@safegrid/contracts';

export type EnterpriseStatus = EnterpriseSummary['status'];
export type GongmaoCategory = EnterpriseSummary['gongmaoCategory'];
export type EnterpriseScale = EnterpriseSummary['scale'];
export type ImportStatus = ImportJob['status'];

export { ENTERPRISE_SCALES, ENTERPRISE_STATUSES, GONGMAO_CATEGORIES } from '@safegrid/contracts/values';

/** Point colours on maps and tag colours in tables share one palette. */
export const STATUS_COLORS: Record<EnterpriseStatus, string> = {
  operating: '#2e7d32',
  suspended: '#ef6c00',
  closed: '#7b7b7b',
};
export const STATUS_TAG_COLORS: Record<EnterpriseStatus, string> = {
  operating: 'green',
  suspended: 'orange',
  closed: 'default',
};
