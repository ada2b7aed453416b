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
  /** The confined space a lock or fixed detector is installed at. */
  confined_space_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
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

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type BigintId = ColumnType<string, string | number, string | number>;

export interface ConfinedSpaceTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  code: string;
  name: string;
  space_type: 'underground' | 'aboveground' | 'closed_equipment';
  location: Generated<string>;
  lon: Nullable<number>;
  lat: Nullable<number>;
  hazards: ColumnType<string[], string[] | undefined, string[]>;
  ventilation: 'natural' | 'mechanical' | 'none';
  entry_points: Generated<number>;
  rescue_plan: Generated<string>;
  rescue_equipment: ColumnType<string[], string[] | undefined, string[]>;
  warning_sign: Generated<boolean>;
  limits: ColumnType<unknown, string | null | undefined, string | null>;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A photo in the confined-space ledger (migration 20261202031000). */
export interface ConfinedSpacePhotoTable {
  id: Generated<string>;
  confined_space_id: BigintId;
  file_name: string;
  media_type: 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  sha256: string;
  content: ColumnType<Buffer, Buffer, never>;
  caption: Generated<string>;
  uploaded_by: BigintId;
  uploaded_at: ColumnType<Date, Date, never>;
  removed_by: ColumnType<string | null, never, string>;
  removed_at: ColumnType<Date | null, never, Date>;
}

export type PermitStatus =
  'draft' | 'submitted' | 'approved' | 'active' | 'suspended' | 'completed' | 'expired' | 'cancelled';

export interface WorkPermitTable {
  id: Generated<string>;
  confined_space_id: BigintId;
  enterprise_id: BigintId;
  status: PermitStatus;
  work_content: string;
  entrants: string[];
  attendant: string;
  responsible_person: string;
  window_start: Timestamp;
  window_end: Timestamp;
  checklist: ColumnType<Record<string, boolean>, string | undefined, string>;
  applicant_id: Nullable<string>;
  approver_id: Nullable<string>;
  return_reason: Nullable<string>;
  cancel_reason: Nullable<string>;
  created_at: Timestamp;
  submitted_at: NullableTimestamp;
  approved_at: NullableTimestamp;
  activated_at: NullableTimestamp;
  suspended_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  version: Generated<number>;
}

export interface WorkPermitTransitionTable {
  id: Generated<string>;
  permit_id: BigintId;
  from_status: Nullable<PermitStatus>;
  to_status: PermitStatus;
  at: Timestamp;
  actor_id: Nullable<string>;
  actor_kind: 'user' | 'system';
  reason: Nullable<string>;
}

export interface GasTestTable {
  id: Generated<string>;
  permit_id: BigintId;
  source: 'detector' | 'manual';
  device_id: Nullable<string>;
  telemetry_seq: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  instrument_id: Nullable<string>;
  tester: string;
  measured_at: Timestamp;
  o2: Nullable<number>;
  h2s: Nullable<number>;
  co: Nullable<number>;
  lel: Nullable<number>;
  passed: boolean;
  failures: ColumnType<unknown, string | undefined, string>;
  recorded_by: Nullable<string>;
  recorded_at: Timestamp;
}

export interface UnlockTokenTable {
  id: string;
  permit_id: BigintId;
  lock_id: string;
  not_before: Timestamp;
  not_after: Timestamp;
  issued_at: Timestamp;
  issued_by: Nullable<string>;
}

export interface LockEventTable {
  device_id: string;
  seq: BigintId;
  occurred_at: Timestamp;
  received_at: Timestamp;
  type: 'unlocked' | 'locked' | 'opened_without_token' | 'tamper' | 'low_battery';
  token_id: Nullable<string>;
  verdict: Nullable<string>;
}

export interface TelemetryGapTable {
  device_id: string;
  from_seq: BigintId;
  to_seq: BigintId;
  detected_at: Timestamp;
}

export type AlarmKind =
  | 'gas_over_limit'
  | 'unapproved_unlocking'
  | 'overtime'
  | 'detector_silent'
  | 'device_offline'
  | 'low_battery';

export interface AlarmTable {
  id: Generated<string>;
  dedup_key: string;
  kind: AlarmKind;
  severity: 'critical' | 'major' | 'minor';
  status: 'raised' | 'acknowledged' | 'resolved';
  device_id: Nullable<string>;
  permit_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  confined_space_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  enterprise_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  occurred_at: Timestamp;
  raised_at: Timestamp;
  detail: ColumnType<unknown, string | undefined, string>;
  escalation_level: Generated<number>;
  escalated_at: NullableTimestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: Nullable<string>;
  resolved_at: NullableTimestamp;
  resolved_by: Nullable<string>;
  resolution: Nullable<'false_alarm' | 'real_incident' | 'test' | 'dispatched'>;
  resolution_note: Nullable<string>;
}

export interface TelemetryMinuteTable {
  device_id: string;
  minute: Timestamp;
  readings: number;
  o2_min: Nullable<number>;
  h2s_max: Nullable<number>;
  co_max: Nullable<number>;
  lel_max: Nullable<number>;
  last_seq: BigintId;
}

export interface OfficialDocumentSequenceTable {
  agency_code: string;
  series: string;
  year: number;
  last_number: number;
}

export interface OfficialDocumentTable {
  id: Generated<string>;
  agency_code: string;
  agency_name: string;
  doc_type: string;
  title: string;
  series: string;
  year: number;
  sequence: number;
  number: string;
  enterprise_id: BigintId;
  /** A date: pg returns DATE columns as YYYY-MM-DD text (database.ts). */
  document_date: ColumnType<string, string, string>;
  verification_code: string;
  sha256: string;
  content: ColumnType<unknown, string, string>;
  pdf: ColumnType<Buffer, Buffer, Buffer>;
  issued_by: BigintId;
  issued_at: ColumnType<Date, Date, Date>;
}

export type InspectionStatus = 'in_progress' | 'completed';

export interface InspectionTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  status: ColumnType<InspectionStatus, InspectionStatus | undefined, InspectionStatus>;
  place: string | null;
  started_by: BigintId;
  partner_id: BigintId;
  started_at: ColumnType<Date, Date, Date>;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finding_count: Generated<number>;
  evidence_count: Generated<number>;
  version: Generated<number>;
  /** Written by the demo city's simulated year of enforcement (labelled in the UI). */
  simulated: Generated<boolean>;
}

export interface InspectionFindingTable {
  inspection_id: BigintId;
  seq: number;
  description: string;
  provision_refs: ColumnType<string[], string[], string[]>;
  major_hazard_ref: string | null;
  on_the_spot_measure: string | null;
  checklist_item_id: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_at: ColumnType<Date, Date, Date>;
  recorded_by: BigintId;
}

export interface InspectionChecklistAnswerTable {
  inspection_id: BigintId;
  item_id: string;
  outcome: 'pass' | 'fail' | 'not_applicable';
  note: string | null;
  template_id: string;
  template_version: string;
  answered_at: ColumnType<Date, Date, Date>;
  answered_by: BigintId;
}

export interface InspectionEvidenceTable {
  inspection_id: BigintId;
  seq: number;
  finding_seq: number | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: ColumnType<Buffer, Buffer, Buffer>;
  captured_at: ColumnType<Date, Date, Date>;
  received_at: ColumnType<Date, Date, Date>;
  chain_hash: string;
  uploaded_by: BigintId;
}

export type PatrolTaskStatus = 'open' | 'checked_in' | 'done' | 'cancelled';

export interface PatrolTaskTable {
  id: Generated<string>;
  kind: 'planned' | 'ad_hoc';
  status: ColumnType<PatrolTaskStatus, PatrolTaskStatus | undefined, PatrolTaskStatus>;
  enterprise_id: BigintId;
  grid_id: string;
  street_id: string;
  inspector_id: BigintId;
  /** First day of the month, as 'YYYY-MM-DD' (date columns are read as text). */
  month: string;
  due_date: string;
  note: string | null;
  check_in_client_id: string | null;
  check_in_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  check_in_lat: number | null;
  check_in_lon: number | null;
  check_in_accuracy: number | null;
  check_in_distance_m: number | null;
  outside_geofence: boolean | null;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: BigintId | null;
  created_at: Generated<Date>;
  version: Generated<number>;
  /** Why a planned task exists: 'grade:red', 'category:machinery', 'sample:<seed>'. */
  basis: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PatrolChecklistTable {
  task_id: BigintId;
  client_id: string;
  template_id: string;
  template_version: string;
  results: Json<unknown>;
  failed_items: ColumnType<string[], string[], string[]>;
  submitted_at: ColumnType<Date, Date, Date>;
  submitted_by: BigintId;
  received_at: ColumnType<Date, Date, Date>;
}

export type HazardStatusColumn =
  'reported' | 'assigned' | 'rectifying' | 'submitted' | 'closed' | 'withdrawn';

export interface HazardTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
  description: string;
  source: 'patrol' | 'inspection' | 'tip' | 'alarm' | 'superior' | 'self_check';
  level: 'general' | 'major';
  major_hazard_ref: string | null;
  status: HazardStatusColumn;
  /** 'YYYY-MM-DD' (date columns are read as text). */
  deadline: string | null;
  escalated: Generated<boolean>;
  listed_for_supervision: Generated<boolean>;
  reported_to_district_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  deferral_deadline: ColumnType<string | null, string | null | undefined, string | null>;
  deferral_reason: ColumnType<string | null, string | null | undefined, string | null>;
  deferral_requested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  deferral_requested_by: ColumnType<string | null, string | null | undefined, string | null>;
  round: Generated<number>;
  patrol_task_id: BigintId | null;
  checklist_item_id: string | null;
  found_at: ColumnType<Date, Date, Date>;
  lat: number | null;
  lon: number | null;
  reported_by: BigintId;
  reported_at: ColumnType<Date, Date, Date>;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  client_id: string;
  version: Generated<number>;
  /** The confined-space alarm it was made from (migration 20261202030000), if any. */
  alarm_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

export interface HazardTransitionTable {
  hazard_id: BigintId;
  seq: number;
  event: string;
  from_status: HazardStatusColumn | null;
  to_status: HazardStatusColumn;
  actor_id: BigintId | null;
  role: string;
  note: string | null;
  deadline: string | null;
  at: ColumnType<Date, Date, Date>;
  recorded_at: ColumnType<Date, Date, Date>;
  client_id: string | null;
}

export interface HazardPhotoTable {
  id: Generated<string>;
  hazard_id: BigintId;
  stage: 'report' | 'rectification' | 'verification';
  round: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: ColumnType<Buffer, Buffer, Buffer>;
  captured_at: ColumnType<Date, Date, Date>;
  received_at: ColumnType<Date, Date, Date>;
  uploaded_by: BigintId;
  client_id: string;
}

/** An immutable evidence file of a hazard (the readings of the alarm it came from). */
export interface HazardEvidenceFileTable {
  id: Generated<string>;
  hazard_id: BigintId;
  kind: 'alarm_readings';
  file_name: string;
  media_type: 'text/csv';
  size_bytes: number;
  sha256: string;
  content: ColumnType<Buffer, Buffer, Buffer>;
  created_at: ColumnType<Date, Date, Date>;
  created_by: BigintId;
}

export interface EnforcementReferralTable {
  id: Generated<string>;
  hazard_id: BigintId;
  reason: string;
  created_at: ColumnType<Date, Date, Date>;
  status: Generated<string>;
}

export type EnforcementCaseStatus =
  | 'rectification_ordered'
  | 'filing_review'
  | 'filed'
  | 'penalty_notified'
  | 'hearing'
  | 'decision_review'
  | 'decided'
  | 'served'
  | 'paid'
  | 'enforcement'
  | 'closed';
export type EnforcementCaseOutcome = 'rectified' | 'not_filed' | 'paid' | 'enforced' | 'no_penalty';
/** numeric(14,2) arrives as a string. */
type Yuan = ColumnType<string | null, string | number | null | undefined, string | number | null>;
/** A date: pg returns DATE columns as YYYY-MM-DD text. */
type DateText = ColumnType<string | null, string | null | undefined, string | null>;

export interface EnforcementCaseTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  inspection_id: BigintId | null;
  referral_id: BigintId | null;
  status: EnforcementCaseStatus;
  outcome: EnforcementCaseOutcome | null;
  cause: string;
  handler_id: BigintId;
  co_handler_id: BigintId;
  rectification_deadline: DateText;
  reinspected_on: DateText;
  filed_on: DateText;
  decision_due_on: DateText;
  notified_on: DateText;
  decided_on: DateText;
  fine_yuan: Yuan;
  served_on: DateText;
  payment_due_on: DateText;
  paid_on: DateText;
  closed_on: DateText;
  simulated: Generated<boolean>;
  version: Generated<number>;
  created_at: ColumnType<Date, Date, Date>;
  /** [{name, certificateNo}] of handler and co-handler, as the documents print them. */
  officers: ColumnType<unknown, string | undefined, string>;
  city_agency: Generated<boolean>;
  approval_round: Generated<number>;
  submitted_by: ColumnType<string | null, string | null | undefined, string | null>;
  submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  filing_draft: ColumnType<unknown, string | null | undefined, string | null>;
  decision_draft: ColumnType<unknown, string | null | undefined, string | null>;
  statement_due_on: DateText;
  statement_waived: Generated<boolean>;
  hearing_held_on: DateText;
  enforcement_started_on: DateText;
  paid_amount_yuan: Yuan;
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface EnforcementCaseDocumentTable {
  case_id: BigintId;
  document_id: BigintId;
  step: 'open' | 'reinspection' | 'filing' | 'penalty_notice' | 'decision' | 'service';
}

export interface EnforcementCaseApprovalTable {
  case_id: BigintId;
  kind: 'filing' | 'decision';
  round: number;
  level: 1 | 2;
  decision: 'approve' | 'return' | 'refuse';
  decided_by: BigintId;
  opinion: string;
  at: ColumnType<Date, Date, Date>;
}

export interface HolidayCalendarTable {
  day: ColumnType<string, string, string>;
  kind: 'holiday' | 'makeup_workday';
  name: string;
  source: string;
}

export interface HolidayCalendarYearTable {
  year: number;
  source: string;
  updated_by: ColumnType<string | null, string | number | null, string | number | null>;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface EnforcementCaseViolationTable {
  case_id: BigintId;
  seq: number;
  finding: string;
  inspection_finding_seq: number | null;
  provision_refs: ColumnType<string[], string[], string[]>;
  penalty_ref: string | null;
  fine_min_yuan: Yuan;
  fine_max_yuan: Yuan;
  rectified: boolean | null;
  circumstances: ColumnType<string[], string[] | undefined, string[]>;
  proposed_fine_yuan: Yuan;
}

export interface EnforcementCaseEventTable {
  case_id: BigintId;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: BigintId | null;
  at: ColumnType<Date, Date, Date>;
  note: string | null;
  data: ColumnType<unknown, string | undefined, string>;
}

export type DispatchStatusColumn =
  'received' | 'filed' | 'not_filed' | 'dispatched' | 'handling' | 'handled' | 'closed' | 'evaluated';
type Moment = ColumnType<Date, Date, Date>;
type MaybeMoment = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface DispatchEventTable {
  id: Generated<string>;
  source: 'patrol' | 'tip' | 'alarm' | 'superior';
  status: ColumnType<DispatchStatusColumn, DispatchStatusColumn | undefined, DispatchStatusColumn>;
  urgency: ColumnType<'urgent' | 'normal' | 'low', 'urgent' | 'normal' | 'low' | undefined, never>;
  description: string;
  lat: number | null;
  lon: number | null;
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
  department: ColumnType<string | null, string | null | undefined, string | null>;
  finder_id: BigintId | null;
  filed_at: MaybeMoment;
  sla_due_at: MaybeMoment;
  step_due_at: MaybeMoment;
  step_seq: Generated<number>;
  closed_at: MaybeMoment;
  rating: ColumnType<number | null, number | null | undefined, number | null>;
  /** The confined-space alarm it came from (source 'alarm'). */
  alarm_id: ColumnType<string | null, string | null | undefined, never>;
  created_at: Moment;
  version: Generated<number>;
}

export interface DispatchStepTable {
  event_id: BigintId;
  seq: number;
  event: string;
  from_status: DispatchStatusColumn | null;
  to_status: DispatchStatusColumn;
  note: string | null;
  department: string | null;
  rating: number | null;
  actor_id: BigintId | null;
  actor_name: string;
  at: Moment;
  due_at: Date | null;
}

export interface DispatchSupervisionTable {
  id: Generated<string>;
  event_id: BigintId;
  step_seq: number;
  status: DispatchStatusColumn;
  due_at: Moment;
  raised_at: Moment;
  resolved_at: MaybeMoment;
}

export interface PublicTipSaltTable {
  id: Generated<boolean>;
  salt: ColumnType<Buffer, Buffer, never>;
}

export interface PublicTipTable {
  id: Generated<string>;
  tracking_code: string;
  client_id: string;
  event_id: BigintId;
  contact_phone: string | null;
  ip_hash: string;
  created_at: Moment;
}

export interface TipPhotoTable {
  tip_id: BigintId;
  seq: number;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: ColumnType<Buffer, Buffer, never>;
}

export interface HazardRecheckTable {
  id: Generated<string>;
  hazard_id: BigintId;
  month: string;
  grid_id: string;
  street_id: string;
  verified_by_inspector_id: BigintId | null;
  inspector_id: BigintId;
  selection: Json<{ seed: string; position: number; of: number; share: number }>;
  result: 'confirmed' | 'refuted' | null;
  note: string | null;
  checked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  checked_by: BigintId | null;
  created_at: ColumnType<Date, Date, Date>;
}

// ---- Enterprise profile and grading (20261201060000_profile_grading.sql) ----
type ProfileSourceValue = 'platform' | 'declared' | 'import' | 'demo';
type GradeValue = 'red' | 'orange' | 'yellow' | 'blue' | 'general';
type RecordedAt = ColumnType<Date, Date | undefined, Date>;

export interface EnterpriseRiskTagTable {
  enterprise_id: BigintId;
  tag: 'dust_explosion' | 'liquid_ammonia' | 'hazardous_chemicals' | 'metal_smelting' | 'electroplating';
  source: ProfileSourceValue;
  recorded_at: RecordedAt;
}

export interface EnterpriseSafetyManagementTable {
  enterprise_id: BigintId;
  emergency_plan_filed: boolean;
  safety_officers: number;
  training_coverage_percent: number;
  certificates_complete: boolean;
  standardisation_level: number;
  source: ProfileSourceValue;
  updated_at: RecordedAt;
}

export interface EmergencyDrillTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  held_on: string;
  description: string;
  source: ProfileSourceValue;
  recorded_at: RecordedAt;
}

export interface EnterpriseAccidentTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  occurred_on: string;
  severity: 'minor_injury' | 'serious_injury' | 'fatal';
  deaths: number;
  injuries: number;
  description: string;
  source: ProfileSourceValue;
  source_ref: string | null;
  recorded_by: BigintId | null;
  recorded_at: RecordedAt;
}

export interface EnterpriseCreditRecordTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  kind: 'serious_dishonesty' | 'adverse';
  recorded_on: string;
  expires_on: string | null;
  authority: string;
  description: string;
  source: ProfileSourceValue;
  recorded_at: RecordedAt;
}

export interface EnterprisePenaltyTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  kind: 'penalty' | 'rectification_order';
  decided_on: string;
  /** numeric(14,2) arrives as a string. */
  amount_yuan: ColumnType<string | null, string | number | null, string | number | null>;
  description: string;
  source: ProfileSourceValue;
  source_ref: string | null;
  recorded_at: RecordedAt;
}

export interface GradingModelTable {
  version: string;
  document: Json<unknown>;
  status: 'draft' | 'active' | 'retired';
  note: string;
  created_by: BigintId | null;
  created_at: RecordedAt;
  activated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface EnterpriseGradeTable {
  enterprise_id: BigintId;
  model_version: string;
  score: number;
  base_grade: GradeValue;
  grade: GradeValue;
  inputs: Json<Record<string, number | null>>;
  computed_at: ColumnType<Date, Date, Date>;
}

export interface EnterpriseGradeChangeTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  model_version: string;
  score: number;
  previous_grade: GradeValue;
  grade: GradeValue;
  inputs: Json<Record<string, number | null>>;
  reason: 'batch' | 'input_changed' | 'model_activated';
  at: ColumnType<Date, Date, Date>;
}

export interface GradingQueueTable {
  enterprise_id: BigintId;
  queued_at: RecordedAt;
}

// ---- Safety service packages (20261201080000_service_packages.sql) ----
export interface ServicePackageItemRow {
  id: string;
  kind: 'regulation' | 'training' | 'warning' | 'advice';
  refs: string[];
}

export interface ServicePackageTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  /** 'YYYY-MM-01' (date columns are read as text). */
  month: string;
  library_version: string;
  items: Json<ServicePackageItemRow[]>;
  matched_because: Json<Record<string, unknown[]>>;
  grade_at_delivery: GradeValue;
  score_at_delivery: number;
  model_version: string;
  hazards_12m_before: number;
  created_by: BigintId | null;
  created_at: ColumnType<Date, Date, Date>;
  delivered_at: ColumnType<Date, Date, Date>;
  acknowledged_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  acknowledged_by: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

// ---- Grade objections (20261201090000_grade_objections.sql) ----
export interface GradeObjectionTable {
  id: Generated<string>;
  enterprise_id: BigintId;
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
  indicator_id: string;
  model_version: string;
  recorded_value: number;
  claimed_value: number;
  reason: string;
  status: ColumnType<'pending' | 'accepted' | 'rejected', 'pending' | undefined, 'accepted' | 'rejected'>;
  filed_by: BigintId;
  filed_at: ColumnType<Date, Date, Date>;
  decided_by: BigintId | null;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decision_note: string | null;
}

export interface GradeObjectionEvidenceTable {
  id: Generated<string>;
  objection_id: BigintId;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: BigintId;
  uploaded_at: ColumnType<Date, Date, Date>;
}

export interface GradeInputCorrectionTable {
  enterprise_id: BigintId;
  indicator_id: string;
  value: number;
  objection_id: BigintId;
  valid_from: string;
  valid_until: string;
}

// ---- Notices (20261201100000_notices.sql) ----
export interface NoticeTable {
  id: Generated<string>;
  kind: 'grade_changed';
  enterprise_id: BigintId | null;
  grid_id: string;
  community_id: string;
  street_id: string;
  district_id: string;
  payload: Json<Record<string, unknown>>;
  created_at: ColumnType<Date, Date, Date>;
}

export interface NoticeReadTable {
  user_id: BigintId;
  notice_id: BigintId;
  read_at: ColumnType<Date, Date, Date>;
}

export type EnforcementTargetSource = 'grade' | 'referral' | 'random';

export interface EnforcementPlanTable {
  id: Generated<string>;
  jurisdiction_id: string;
  kind: 'annual' | 'monthly';
  parent_id: BigintId | null;
  year: number;
  month: number | null;
  title: string;
  random_count: number;
  industry_category: GongmaoCategory | null;
  status: ColumnType<'draft' | 'published', 'draft' | 'published' | undefined, 'draft' | 'published'>;
  current_draw_id: BigintId | null;
  created_by: BigintId;
  created_at: ColumnType<Date, Date, Date>;
  published_by: BigintId | null;
  published_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface EnforcementPlanDrawTable {
  id: Generated<string>;
  plan_id: BigintId;
  algorithm: string;
  seed: string;
  candidate_ids: ColumnType<string[], string[], never>;
  candidate_digest: string;
  officer_ids: ColumnType<string[], string[], never>;
  officer_digest: string;
  random_count: number;
  drawn_by: BigintId;
  drawn_at: ColumnType<Date, Date, never>;
}

export interface EnforcementPlanTargetTable {
  draw_id: BigintId;
  seq: number;
  enterprise_id: BigintId;
  source: EnforcementTargetSource;
  grade: string | null;
  referral_id: BigintId | null;
  officer_a: BigintId;
  officer_b: BigintId;
}

export interface EnforcementTaskTable {
  id: Generated<string>;
  plan_id: BigintId;
  enterprise_id: BigintId;
  source: EnforcementTargetSource;
  referral_id: BigintId | null;
  officer_a: BigintId;
  officer_b: BigintId;
  status: ColumnType<
    'assigned' | 'in_progress' | 'done',
    'assigned' | 'in_progress' | 'done' | undefined,
    'assigned' | 'in_progress' | 'done'
  >;
  inspection_id: BigintId | null;
  created_at: ColumnType<Date, Date, Date>;
  updated_at: ColumnType<Date, Date, Date>;
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
  confined_space: ConfinedSpaceTable;
  confined_space_photo: ConfinedSpacePhotoTable;
  work_permit: WorkPermitTable;
  work_permit_transition: WorkPermitTransitionTable;
  gas_test: GasTestTable;
  unlock_token: UnlockTokenTable;
  lock_event: LockEventTable;
  telemetry_gap: TelemetryGapTable;
  alarm: AlarmTable;
  telemetry_minute: TelemetryMinuteTable;
  official_document_sequence: OfficialDocumentSequenceTable;
  official_document: OfficialDocumentTable;
  inspection: InspectionTable;
  inspection_finding: InspectionFindingTable;
  inspection_evidence: InspectionEvidenceTable;
  inspection_checklist_answer: InspectionChecklistAnswerTable;
  dispatch_event: DispatchEventTable;
  dispatch_step: DispatchStepTable;
  dispatch_supervision: DispatchSupervisionTable;
  public_tip_salt: PublicTipSaltTable;
  public_tip: PublicTipTable;
  tip_photo: TipPhotoTable;
  patrol_task: PatrolTaskTable;
  patrol_checklist: PatrolChecklistTable;
  hazard: HazardTable;
  hazard_recheck: HazardRecheckTable;
  hazard_transition: HazardTransitionTable;
  hazard_photo: HazardPhotoTable;
  hazard_evidence_file: HazardEvidenceFileTable;
  enforcement_referral: EnforcementReferralTable;
  enforcement_plan: EnforcementPlanTable;
  enforcement_plan_draw: EnforcementPlanDrawTable;
  enforcement_plan_target: EnforcementPlanTargetTable;
  enforcement_task: EnforcementTaskTable;
  enforcement_case: EnforcementCaseTable;
  enforcement_case_violation: EnforcementCaseViolationTable;
  enforcement_case_event: EnforcementCaseEventTable;
  enforcement_case_document: EnforcementCaseDocumentTable;
  enforcement_case_approval: EnforcementCaseApprovalTable;
  holiday_calendar: HolidayCalendarTable;
  holiday_calendar_year: HolidayCalendarYearTable;
  enterprise_risk_tag: EnterpriseRiskTagTable;
  enterprise_safety_management: EnterpriseSafetyManagementTable;
  emergency_drill: EmergencyDrillTable;
  enterprise_accident: EnterpriseAccidentTable;
  enterprise_credit_record: EnterpriseCreditRecordTable;
  enterprise_penalty: EnterprisePenaltyTable;
  grading_model: GradingModelTable;
  enterprise_grade: EnterpriseGradeTable;
  enterprise_grade_change: EnterpriseGradeChangeTable;
  grading_queue: GradingQueueTable;
  service_package: ServicePackageTable;
  grade_objection: GradeObjectionTable;
  grade_objection_evidence: GradeObjectionEvidenceTable;
  grade_input_correction: GradeInputCorrectionTable;
  notice: NoticeTable;
  notice_read: NoticeReadTable;
}
