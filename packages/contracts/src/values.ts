/**
 * The closed vocabularies of the registry, as plain values: the API schemas are built from them
 * and the web app imports them from here (`@safegrid/contracts/values`) without pulling the
 * schema library into its bundle.
 */
export const GONGMAO_CATEGORIES = [
  'metallurgy',
  'nonferrous',
  'building_materials',
  'machinery',
  'light_industry',
  'textile',
  'tobacco',
  'commerce',
] as const;
export const ENTERPRISE_SCALES = ['large', 'medium', 'small', 'micro'] as const;
export const ENTERPRISE_STATUSES = ['operating', 'suspended', 'closed'] as const;
export const JURISDICTION_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;

/** Roles of DESIGN's glossary. A user has exactly one; what it may do is the policy table's business. */
export const ROLES = [
  'city_admin',
  'district_officer',
  'street_officer',
  'grid_inspector',
  'enforcement_officer',
  'approver',
  'enterprise',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must pass a TOTP second factor before the session is usable. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['city_admin', 'approver', 'enforcement_officer'];

/** Actions of the policy layer; the web app hides what the session's `permissions` lack. */
export const ACTIONS = [
  'jurisdiction.read',
  'enterprise.read',
  'enterprise.create',
  'enterprise.update',
  'enterprise.export',
  'enterprise.import',
  'device.read',
  'device.manage',
  'user.read',
  'user.manage',
  'registration.review',
  'audit.read',
  'audit.export',
  'confined.read',
  'confined.manage',
  'permit.apply',
  'permit.approve',
  'alarm.read',
  'alarm.handle',
  'alarm.report_hazard',
  'regulation.read',
  'inspection.read',
  'inspection.conduct',
  'document.issue',
  'document.read',
  'patrol.read',
  'patrol.conduct',
  'patrol.plan',
  'hazard.read',
  'hazard.report',
  'hazard.rectify',
  'hazard.verify',
  'hazard.supervise',
  'dispatch.read',
  'dispatch.report',
  'dispatch.triage',
  'dispatch.handle',
  'assessment.read',
  'assessment.recheck',
  'profile.read',
  'profile.record',
  'grading.manage',
  'profile.object',
  'profile.declare',
  'profile.review',
  'service.manage',
  'service.acknowledge',
  'notice.read',
  'enforcement_plan.read',
  'enforcement_plan.manage',
  'enforcement_plan.publish',
  'case.read',
  'case.handle',
  'case.approve',
  'holiday_calendar.read',
  'holiday_calendar.manage',
  'enforcement_statistics.read',
] as const;
export type Action = (typeof ACTIONS)[number];

export const REGISTRATION_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** Confined-space ledger vocabularies (有限空间台账). */
export const CONFINED_SPACE_TYPES = ['underground', 'aboveground', 'closed_equipment'] as const;
export const CONFINED_HAZARDS = [
  'h2s',
  'co',
  'oxygen_deficiency',
  'combustible',
  'engulfment',
  'machinery',
  'drowning',
  'electrical',
  'high_temperature',
] as const;
export const VENTILATION_KINDS = ['natural', 'mechanical', 'none'] as const;

/** Work permit states (DESIGN §7); the server's permit machine owns the transitions. */
export const PERMIT_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'active',
  'suspended',
  'completed',
  'expired',
  'cancelled',
] as const;
export type PermitStatusValue = (typeof PERMIT_STATUSES)[number];

export const ALARM_KINDS = [
  'gas_over_limit',
  'unapproved_unlocking',
  'overtime',
  'detector_silent',
  'device_offline',
  'low_battery',
] as const;
export const ALARM_SEVERITIES = ['critical', 'major', 'minor'] as const;
export const ALARM_STATUSES = ['raised', 'acknowledged', 'resolved'] as const;
export const ALARM_RESOLUTIONS = ['false_alarm', 'real_incident', 'test', 'dispatched'] as const;

/** How far a regulation's text has been checked (data/SOURCES.md). */
export const REGULATION_VERIFICATION = ['verified', 'verbatim_secondary', 'unverified', 'partial'] as const;
export const REGULATION_KINDS = [
  'law',
  'administrative_regulation',
  'departmental_rule',
  'local_regulation',
] as const;
/** The industries and special fields of 令第10号 (工贸企业重大事故隐患判定标准), articles 3–13. */
export const MAJOR_HAZARD_FIELDS = [
  'general',
  'metallurgy',
  'nonferrous',
  'building_materials',
  'machinery',
  'light_industry',
  'textile',
  'tobacco',
  'dust_explosion',
  'liquid_ammonia',
  'confined_space',
] as const;
export const PROVISION_KINDS = ['penalty_item', 'major_hazard'] as const;
export const BASIS_NOTES = ['major_hazard_handling', 'no_obligation_link'] as const;

/**
 * Official enforcement documents the platform issues (安全生产行政执法文书, 2016 式样): API key →
 * the form's type in data/laws/enforcement-documents-2016.json.
 */
export const OFFICIAL_DOCUMENT_TYPES = [
  'rectification_order',
  'reinspection_opinion',
  'inspection_record',
  'penalty_notice',
  'penalty_decision',
  'case_filing_approval',
  'service_receipt',
] as const;
export type OfficialDocumentTypeValue = (typeof OFFICIAL_DOCUMENT_TYPES)[number];

/** On-site inspection (现场检查). */
export const INSPECTION_STATUSES = ['in_progress', 'completed'] as const;

/**
 * Limits of the enforcement contracts, kept here (no schema library) so that the web app imports
 * the very numbers the server validates against instead of copies.
 */
/** The longest finding the matcher takes: an inspection finding is a sentence or a few. */
export const FINDING_MAX_LENGTH = 1000;

/** Limits of official documents the server enforces (also reported in `document.value_too_long`). */
export const DOCUMENT_LIMITS = {
  findings: 20,
  findingText: 500,
  provisionLabel: 200,
  legalBasis: 500,
  opinion: 2000,
  inspectionFindings: 5000,
  name: 30,
  certificateNo: 30,
  place: 200,
  venue: 60,
} as const;

/** The evidence files an inspection accepts: photos, and scans as PDF. */
export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
/** Photos are compressed on the device; a larger file is refused. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** Limits of an inspection's forms: place, provisions per finding, on-the-spot measure. */
export const INSPECTION_LIMITS = { place: 200, provisions: 10, measure: 500 } as const;

/**
 * Enforcement cases (执法案件, DESIGN §7): rectification order → re-inspection → 立案 (approved) →
 * 告知 → (听证) → decision (approved) → 送达 → payment or enforcement → closed.
 */
export const ENFORCEMENT_CASE_STATUSES = [
  'rectification_ordered',
  'filing_review',
  'filed',
  'penalty_notified',
  'hearing',
  'decision_review',
  'decided',
  'served',
  'paid',
  'enforcement',
  'closed',
] as const;
export type EnforcementCaseStatusValue = (typeof ENFORCEMENT_CASE_STATUSES)[number];
export const ENFORCEMENT_CASE_OUTCOMES = [
  'rectified',
  'not_filed',
  'paid',
  'enforced',
  'no_penalty',
] as const;
/** What a caller may do to a case (the `allowedActions` of a case and the action routes). */
export const ENFORCEMENT_CASE_ACTIONS = [
  'record_reinspection',
  'submit_filing',
  'review_filing',
  'issue_penalty_notice',
  'record_statement',
  'record_hearing',
  'submit_decision',
  'review_decision',
  'record_service',
  'record_payment',
  'start_enforcement',
  'close',
] as const;
export type EnforcementCaseActionValue = (typeof ENFORCEMENT_CASE_ACTIONS)[number];
/** Circumstances of a violation the platform's discretion rules weigh (data/enforcement/discretion-rules.json). */
export const CASE_CIRCUMSTANCES = [
  'first_offence',
  'rectified_in_time',
  'cooperative',
  'eliminated_consequences',
  'repeat_offence',
  'refused_rectification',
  'caused_consequences',
  'obstructed_inspection',
] as const;
export type CaseCircumstanceValue = (typeof CASE_CIRCUMSTANCES)[number];
/** Approvals: 审核 (level 1) then 负责人 (level 2); approve, return (退回) or refuse (不予立案/不予处罚). */
export const CASE_APPROVAL_KINDS = ['filing', 'decision'] as const;
export const CASE_APPROVAL_DECISIONS = ['approve', 'return', 'refuse'] as const;
/** The 当事人's answer to the 告知书. */
export const CASE_STATEMENT_KINDS = ['statement', 'hearing_request', 'waiver'] as const;
export const CASE_SERVICE_METHODS = [
  'direct',
  'post',
  'electronic',
  'left_at_address',
  'announcement',
] as const;
export const CASE_DEADLINE_KINDS = ['rectification', 'statement', 'decision', 'service', 'payment'] as const;
export const HOLIDAY_KINDS = ['holiday', 'makeup_workday'] as const;
export const CASE_LIMITS = {
  violations: 20,
  note: 2000,
  opinion: 1000,
  source: 500,
  holidayDays: 120,
  holidayName: 60,
} as const;

/**
 * Hazard lifecycle (隐患, DESIGN §7): reported → assigned (deadline set) → rectifying → submitted
 * → closed (verified, 销号), or back to rectifying when the re-inspection (复查) rejects it;
 * withdrawn when reported in error. Overdue and escalated are flags beside the status.
 */
export const HAZARD_STATUSES = [
  'reported',
  'assigned',
  'rectifying',
  'submitted',
  'closed',
  'withdrawn',
] as const;
export type HazardStatusValue = (typeof HAZARD_STATUSES)[number];
export const HAZARD_LEVELS = ['general', 'major'] as const;
export const HAZARD_SOURCES = ['patrol', 'inspection', 'tip', 'alarm', 'superior', 'self_check'] as const;
export const HAZARD_EVENTS = [
  'report',
  'assign',
  'acknowledge',
  'submit',
  'verify',
  'reject',
  'request_deferral',
  'approve_deferral',
  'deny_deferral',
  'escalate',
  'withdraw',
] as const;
export type HazardEventValue = (typeof HAZARD_EVENTS)[number];
/** Which step a hazard photo documents. */
export const HAZARD_PHOTO_STAGES = ['report', 'rectification', 'verification'] as const;
export const HAZARD_LIMITS = { description: 1000, note: 1000, photosPerStage: 9, deferralDays: 90 } as const;

/** Patrol tasks (巡查任务) and check-lists. */
export const PATROL_TASK_STATUSES = ['open', 'checked_in', 'done', 'cancelled'] as const;
export const PATROL_TASK_KINDS = ['planned', 'ad_hoc'] as const;
export const CHECKLIST_OUTCOMES = ['pass', 'fail', 'not_applicable'] as const;
/** A check-in farther than this from the enterprise's registered location is flagged. */
export const GEOFENCE_RADIUS_METRES = 300;

/**
 * Dispatch events (分拨, DESIGN §7): received → filed (立案, the SLA clock starts) | not_filed;
 * filed → dispatched (to a department or team) or → handling by the finder (巡办结合);
 * dispatched → handling → handled → closed (verified) or back to handling; closed → evaluated.
 */
export const DISPATCH_STATUSES = [
  'received',
  'filed',
  'not_filed',
  'dispatched',
  'handling',
  'handled',
  'closed',
  'evaluated',
] as const;
export type DispatchStatusValue = (typeof DISPATCH_STATUSES)[number];
export const DISPATCH_SOURCES = ['patrol', 'tip', 'alarm', 'superior'] as const;
export type DispatchSourceValue = (typeof DISPATCH_SOURCES)[number];
export const DISPATCH_URGENCIES = ['urgent', 'normal', 'low'] as const;
export type DispatchUrgencyValue = (typeof DISPATCH_URGENCIES)[number];
/** The steps a caller asks for; `report` is the event's own first step and never asked for. */
export const DISPATCH_EVENTS = [
  'file',
  'not_file',
  'dispatch',
  'assign_finder',
  'accept',
  'feedback',
  'verify',
  'return',
  'evaluate',
] as const;
export type DispatchEventValue = (typeof DISPATCH_EVENTS)[number];
export const DISPATCH_LIMITS = { description: 1000, note: 1000 } as const;

/**
 * Public tips (群众举报). The per-address limit is counted in the database, so it holds across
 * several server processes.
 */
export const TIP_LIMITS = {
  description: 1000,
  photos: 3,
  perAddressPerHour: 5,
  /** The whole multipart body: three photos at EVIDENCE_MAX_BYTES and the text fields. */
  bodyBytes: 3 * EVIDENCE_MAX_BYTES + 64 * 1024,
} as const;
/** Tracking codes: no 0/O, 1/I/L, so that a code read over the phone is typed right. */
export const TIP_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TIP_CODE_LENGTH = 12;
/** A tip may carry photos only, never PDFs. */
export const TIP_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Assessment (考核): rows per inspector, grid or street; the figures a ranking can sort by. */
export const ASSESSMENT_GROUPS = ['inspector', 'grid', 'street'] as const;
export const ASSESSMENT_METRICS = [
  'completionRate',
  'onTimeRate',
  'coverageRate',
  'hazardsFound',
  'hazardsMajor',
  'verificationTimelinessRate',
  'geofenceAnomalyRate',
  'recheckConfirmedRate',
] as const;
/** The records behind the figures, for drill-down. */
export const ASSESSMENT_RECORD_KINDS = ['task', 'check_in', 'hazard', 'verification', 'recheck'] as const;
/** Share of the month's closed hazards that another inspector re-checks (random, reproducible). */
export const RECHECK_SHARE = 0.05;

/** Government-duty scoring (政府履职评分, data/profile/duty-scoring.json): rows per street or grid. */
export const DUTY_GROUPS = ['street', 'grid'] as const;
/** The nine aspects, in display order; each is counted by its own SQL in profile/duty. */
export const DUTY_ASPECTS = [
  'patrolCoverage',
  'patrolOnTime',
  'overdueHazards',
  'unsupervisedEnterprises',
  'patrolQuality',
  'verificationTimeliness',
  'enforcementFollowThrough',
  'majorHazardReporting',
  'highRiskCoverage',
] as const;
export const DUTY_DIRECTIONS = ['higher_better', 'lower_better'] as const;
/** What a drill-down record is: open it at /grid/patrols/tasks/:id, /grid/hazards/:id or /profile/enterprises/:id. */
export const DUTY_RECORD_KINDS = ['patrol_task', 'hazard', 'enterprise'] as const;

/** Risk grades (分级), most to least risky; the grading model (data/profile) sets the thresholds. */
export const GRADES = ['red', 'orange', 'yellow', 'blue', 'general'] as const;
/** Inherent-risk tags of an enterprise (固有风险); confined spaces come from the ledger instead. */
export const RISK_TAGS = [
  'dust_explosion',
  'liquid_ammonia',
  'hazardous_chemicals',
  'metal_smelting',
  'electroplating',
] as const;
/**
 * Where a profile record came from: the platform's own records, the enterprise's declaration, an
 * import from another system (accidents, credit, penalties before enforcement existed), or the
 * demo generator. Shown beside every record.
 */
export const PROFILE_SOURCES = ['platform', 'declared', 'import', 'demo'] as const;
export const ACCIDENT_SEVERITIES = ['minor_injury', 'serious_injury', 'fatal'] as const;
export const CREDIT_RECORD_KINDS = ['serious_dishonesty', 'adverse'] as const;
export const PENALTY_KINDS = ['penalty', 'rectification_order'] as const;
export const GRADE_DISTRIBUTION_GROUPS = ['district', 'street', 'category'] as const;
export const GRADING_MODEL_STATUSES = ['draft', 'active', 'retired'] as const;
export const OBJECTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const OBJECTION_LIMITS = { reason: 1000, note: 1000, evidenceFiles: 5 } as const;
/** How long a value established by an accepted objection stands before the records speak again. */
export const CORRECTION_VALID_MONTHS = 12;

/**
 * Profile records other systems hold, loaded in bulk (POST /api/profile/imports): one kind per
 * batch, all or nothing, each record naming its enterprise by credit code.
 */
export const PROFILE_IMPORT_KINDS = ['accidents', 'credit_records', 'penalties', 'drills'] as const;
export const PROFILE_IMPORT_LIMITS = {
  records: 5000,
  /** A refused batch reports at most this many problems (the total travels with them). */
  reportedProblems: 1000,
  /** The request body: 5,000 records with long Chinese descriptions fit. */
  bodyBytes: 16 * 1024 * 1024,
} as const;
/** Text lengths of imported records (the tables' CHECKs), in characters. */
export const PROFILE_RECORD_TEXT_LIMITS = {
  description: 1000,
  drillDescription: 500,
  authority: 200,
  sourceRef: 100,
} as const;
/** The enterprise's declared safety management (the table's CHECKs). */
export const SAFETY_MANAGEMENT_LIMITS = {
  safetyOfficers: 10000,
  trainingCoveragePercent: 100,
  /** 安全生产标准化: 0 none, 1 level three, 2 level two, 3 level one. */
  standardisationLevel: 3,
} as const;

/**
 * Safety service packages (安全服务包): content matched to an enterprise's profile
 * (data/profile/service-content.json), delivered to its account and acknowledged by it.
 */
export const SERVICE_ITEM_KINDS = ['regulation', 'training', 'warning', 'advice'] as const;
/** Why an item was matched: a risk tag, confined spaces, the 工贸 category, the grade, an indicator. */
export const SERVICE_MATCH_RULES = ['riskTag', 'confinedSpaces', 'category', 'grade', 'indicator'] as const;
export const SERVICE_INDICATOR_OPS = ['below', 'atLeast', 'equals'] as const;
/** The effect compares hazards found this many days before delivery with as many days after. */
export const SERVICE_EFFECT_WINDOW_DAYS = 90;
/** The dry run's preview lists at most this many of the packages it would deliver. */
export const SERVICE_PREVIEW_SAMPLE = 20;
