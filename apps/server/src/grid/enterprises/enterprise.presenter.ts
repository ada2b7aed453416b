import type { EnterpriseDetail, EnterpriseSummary, InspectorAssignment } from '@safegrid/contracts';
import type { ReferenceNames } from '../reference/reference-names';
import type { EnterpriseDetailRow, EnterpriseSummaryRow } from './enterprise.repository';

export function presentEnterpriseSummary(
  row: EnterpriseSummaryRow,
  names: ReferenceNames,
): EnterpriseSummary {
  const name = (id: string) => names.node(id)?.name ?? id;
  return {
    id: row.id,
    creditCode: row.credit_code,
    name: row.name,
    address: row.address,
    industryCode: row.industry_code,
    industryName: names.industryName(row.industry_code),
    gongmaoCategory: row.gongmao_category,
    scale: row.scale,
    employees: row.employees,
    status: row.status,
    location: [row.lon, row.lat],
    gridId: row.grid_id,
    gridName: name(row.grid_id),
    streetName: name(row.street_id),
    districtName: name(row.district_id),
    synthetic: row.synthetic,
  };
}

export function presentEnterpriseDetail(
  row: EnterpriseDetailRow,
  names: ReferenceNames,
  inspectors: InspectorAssignment[],
  permissions: EnterpriseDetail['permissions'],
): EnterpriseDetail {
  return {
    ...presentEnterpriseSummary(row, names),
    communityId: row.community_id,
    communityName: names.node(row.community_id)?.name ?? row.community_id,
    streetId: row.street_id,
    districtId: row.district_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    inspectors,
    permissions,
  };
}
