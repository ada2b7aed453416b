import type { InspectorAssignment, JurisdictionNode } from '@safegrid/contracts';
import type { JurisdictionRow } from './jurisdiction.repository';

export function presentNode(row: JurisdictionRow, enterpriseCount: number): JurisdictionNode {
  return {
    id: row.id,
    level: row.level,
    parentId: row.parent_id,
    name: row.name,
    officialCode: row.official_code,
    isFunctional: row.is_functional,
    boundarySynthetic: row.boundary_synthetic,
    center: row.center_lon !== null && row.center_lat !== null ? [row.center_lon, row.center_lat] : null,
    enterpriseCount,
  };
}

export function presentAssignment(row: {
  inspector_id: string;
  name: string;
  phone: string | null;
  valid_from: string;
  valid_to: string | null;
}): InspectorAssignment {
  return {
    inspectorId: row.inspector_id,
    name: row.name,
    phone: row.phone,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}
