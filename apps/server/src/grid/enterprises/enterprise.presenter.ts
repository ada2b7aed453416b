import type { EnterpriseDetail, EnterpriseSummary, InspectorAssignment } from '@safegrid/contracts';
import type { EnterpriseDetailRow, EnterpriseSummaryRow } from './enterprise.repository';

export function presentEnterpriseSummary(row: EnterpriseSummaryRow): EnterpriseSummary {
  return {
    id: row.id,
    creditCode: row.credit_code,
    name: row.name,
    address: row.address,
    industryCode: row.industry_code,
    industryName: row.industry_name,
    gongmaoCategory: row.gongmao_category,
    scale: row.scale,
    employees: row.employees,
    status: row.status,
    location: [row.lon, row.lat],
    gridId: row.grid_id,
    gridName: row.grid_name,
    streetName: row.street_name,
    districtName: row.district_name,
    synthetic: row.synthetic,
  };
}

export function presentEnterpriseDetail(
  row: EnterpriseDetailRow,
  inspectors: InspectorAssignment[],
): EnterpriseDetail {
  return {
    ...presentEnterpriseSummary(row),
    communityId: row.community_id,
    communityName: row.community_name,
    streetId: row.street_id,
    districtId: row.district_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    inspectors,
  };
}
