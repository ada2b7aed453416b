import type { ColumnType, Generated } from 'kysely';
import type {
  ENTERPRISE_SCALES,
  ENTERPRISE_STATUSES,
  GONGMAO_CATEGORIES,
  JURISDICTION_LEVELS,
  Role,
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
  /** SHA-256 of the device's broker secret; null until credentials are issued. */
  secret_hash: ColumnType<string | null, string | null | undefined, string | null>;
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
  created_by: string | null;
}

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: Generated<boolean>;
  phone: string | null;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_last_counter: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  inspector_id: string | null;
  synthetic: Generated<boolean>;
  last_sign_in_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserScopeTable {
  user_id: string;
  jurisdiction_id: string;
}

export interface UserEnterpriseTable {
  user_id: string;
  enterprise_id: string;
}

export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
}

export type SessionStage = 'active' | 'mfa_challenge' | 'mfa_enrolment';

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  created_at: ColumnType<Date, Date, Date>;
  last_seen_at: ColumnType<Date, Date, Date>;
  expires_at: ColumnType<Date, Date, Date>;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInFailureTable {
  id: Generated<string>;
  username_key: string;
  ip: string | null;
  at: ColumnType<Date, Date, Date>;
}

export interface EnterpriseRegistrationTable {
  id: Generated<string>;
  enterprise_id: string;
  street_id: string;
  username: string;
  display_name: string;
  phone: string;
  password_hash: string;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  user_id: string | null;
  created_at: Timestamp;
}

export interface AuditHeadTable {
  id: number;
  seq: ColumnType<string, string | number, string | number>;
  hash: Uint8Array;
  /** xid8 as text: every entry written by a transaction below it is sealed. */
  sealed_below_xid: ColumnType<string, string, string>;
}

export interface AuditEventTable {
  id: Generated<string>;
  xid: Generated<string>;
  at: ColumnType<Date, Date | string, never>;
  actor_id: ColumnType<string | null, string | null, never>;
  actor_name: ColumnType<string | null, string | null, never>;
  role: ColumnType<string | null, string | null, never>;
  ip: ColumnType<string | null, string | null, never>;
  action: ColumnType<string, string, never>;
  resource_type: ColumnType<string | null, string | null, never>;
  resource_id: ColumnType<string | null, string | null, never>;
  outcome: ColumnType<'success' | 'failure', 'success' | 'failure', never>;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export interface AuditSealTable {
  seq: ColumnType<string, string | number, never>;
  event_id: ColumnType<string, string | number, never>;
  hash: ColumnType<Uint8Array, Uint8Array, never>;
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
  app_user: AppUserTable;
  user_scope: UserScopeTable;
  user_enterprise: UserEnterpriseTable;
  recovery_code: RecoveryCodeTable;
  user_session: UserSessionTable;
  sign_in_failure: SignInFailureTable;
  enterprise_registration: EnterpriseRegistrationTable;
  audit_head: AuditHeadTable;
  audit_event: AuditEventTable;
  audit_seal: AuditSealTable;
}
