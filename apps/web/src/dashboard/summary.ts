import type { JurisdictionNode } from '@safegrid/contracts';

export interface JurisdictionSummary {
  counts: Record<'district' | 'street' | 'community' | 'grid', number>;
  /** Districts, most enterprises first. */
  districts: JurisdictionNode[];
  totalEnterprises: number;
  maxDistrict: number;
}

/**
 * City totals from the jurisdiction tree. The total is the city node's count when there is one;
 * otherwise the districts' sum (each enterprise sits in exactly one grid, so districts partition it).
 */
export function summariseJurisdictions(nodes: readonly JurisdictionNode[]): JurisdictionSummary {
  const counts = { district: 0, street: 0, community: 0, grid: 0 };
  const districts: JurisdictionNode[] = [];
  let city: JurisdictionNode | undefined;
  for (const n of nodes) {
    if (n.level === 'city') city = n;
    else counts[n.level] += 1;
    if (n.level === 'district') districts.push(n);
  }
  districts.sort((a, b) => b.enterpriseCount - a.enterpriseCount);
  const districtSum = districts.reduce((s, d) => s + d.enterpriseCount, 0);
  return {
    counts,
    districts,
    totalEnterprises: city ? city.enterpriseCount : districtSum,
    maxDistrict: districts[0]?.enterpriseCount ?? 0,
  };
}
