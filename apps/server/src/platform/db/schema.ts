import type { ColumnType, Generated } from 'kysely';
import type {
  ENTERPRISE_SCALES,
  ENTERPRISE_STATUSES,
  GONGMAO_CATEGORIES,
  JURISDICTION_LEVELS,
} from '@safegrid/contracts/values';

/** Kysely table types; kept in step with migrations/*.sql by hand (tests exercise every column). */
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];
export type GongmaoCategory = (typeof GONGMAO_CATEGORIES)[number];
export type EnterpriseScale = (typeof ENTERPRISE_SCALES)[number];
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface JurisdictionTable {
  id: string;
  level: JurisdictionLevel;
  parent_id: string | null;
  name: string;
  official_code: string | null;
  is_functional: Generated<boolean>;
  boundary: Json<unknown> | null;
  boundary_synthetic: Generated<boolean>;
  center_lon: number | null;
  center_lat: number | null;
  sort_order: Generated<number>;
}

export interface IndustryTable {
  code: string;
  level: number;
  name: string;
  parent_code: string | null;
  gongmao_category: GongmaoCategory | null;
  category_source: 'official' | 'derived' | null;
}

export interface EnterpriseTable {
  id: Generated<string>;
  credit_code: string;
  name: string;
  address: string;
  industry_code: string;
  gongmao_category: GongmaoCategory;
  scale: EnterpriseScale;
  employees: number;
  lon: number;
  lat: number;
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
  status: EnterpriseStatus;
  synthetic: Generated<boolean>;
  search_terms: number[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectorTable {
  id: Generated<string>;
  name: string;
  phone: string | null;
  street_id: string;
  synthetic: Generated<boolean>;
}

export interface GridAssignmentTable {
  id: Generated<string>;
  inspector_id: string;
  grid_id: string;
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeviceTable {
  id: string;
  kind: 'gas_detector' | 'smart_lock';
  enterprise_id: string | null;
  label: string;
  registered_at: Timestamp;
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  online: Generated<boolean>;
}

export interface TelemetryTable {
  device_id: string;
  seq: ColumnType<string, string | number, string | number>;
  measured_at: ColumnType<Date, Date | string, Date | string>;
  received_at: Timestamp;
  o2: number | null;
  h2s: number | null;
  co: number | null;
  lel: number | null;
  battery: number | null;
}

export interface ImportJobTable {
  id: Generated<string>;
  kind: 'enterprises';
  file_name: string;
  status: 'validating' | 'writing' | 'succeeded' | 'failed';
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  imported_rows: Generated<number>;
  error_code: string | null;
  row_errors: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface DB {
  jurisdiction: JurisdictionTable;
  industry: IndustryTable;
  enterprise: EnterpriseTable;
  inspector: InspectorTable;
  grid_assignment: GridAssignmentTable;
  device: DeviceTable;
  telemetry: TelemetryTable;
  import_job: ImportJobTable;
}
