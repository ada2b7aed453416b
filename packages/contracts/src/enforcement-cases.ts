import { Type, type Static } from 'typebox';
import { AppealVenues, DocumentOfficer, OfficialDocumentType } from './documents';
import { ProvisionRef } from './regulations';
import {
  CASE_APPROVAL_DECISIONS,
  CASE_APPROVAL_KINDS,
  CASE_CIRCUMSTANCES,
  CASE_DEADLINE_KINDS,
  CASE_LIMITS,
  CASE_SERVICE_METHODS,
  CASE_STATEMENT_KINDS,
  DOCUMENT_LIMITS,
  ENFORCEMENT_CASE_ACTIONS,
  ENFORCEMENT_CASE_OUTCOMES,
  ENFORCEMENT_CASE_STATUSES,
  HOLIDAY_KINDS,
} from './values';

/**
 * Enforcement cases (执法案件): opened from a completed inspection's findings with a 责令限期整改
 * 指令书, re-inspected after the deadline (整改复查意见书), filed (立案, approved by 审核 then 负责人;
 * 立案审批表), notified (行政处罚告知书; 陈述申辩 / 听证 within 5 working days), decided (approved
 * twice; 行政处罚决定书; within 90 days of filing), served (文书送达回执; within 7 working days),
 * paid (15 days after service; 3 % a day surcharge, never above the fine) or enforced, closed.
 *
 * Every action answers the whole case (`EnforcementCase`) and takes the `version` the caller saw:
 * a stale version is refused with 409 `case.version_stale`. Dates are calendar dates in China
 * Standard Time (YYYY-MM-DD); the server dates documents and transitions itself (today, UTC+8),
 * except the dates of facts reported afterwards (re-inspection, statement, hearing, service, payment).
 *
 * Deadlines in working days use the holiday calendar loaded by the city admin
 * (/api/enforcement/holiday-calendar/{year}); the platform ships none, so `calendarCovered: false`
 * means the count skipped weekends only.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (UTC+8)' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Version = Type.Integer({ minimum: 1, description: 'the case version the caller saw' });
const Line = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Block = (max: number) => Type.String({ minLength: 1, maxLength: max, 'x-multiline': true });
/** Yuan; the server refuses more than two decimals (`case.amount_precision`). */
const Yuan = Type.Number({ minimum: 0, maximum: 1e12 });
const Seq = Type.Integer({ minimum: 1, maximum: 1000 });

export const EnforcementCaseStatus = Type.Enum(ENFORCEMENT_CASE_STATUSES);
export type EnforcementCaseStatus = Static<typeof EnforcementCaseStatus>;
export const EnforcementCaseOutcome = Type.Enum(ENFORCEMENT_CASE_OUTCOMES);
export type EnforcementCaseOutcome = Static<typeof EnforcementCaseOutcome>;
export const EnforcementCaseAction = Type.Enum(ENFORCEMENT_CASE_ACTIONS);
export type EnforcementCaseAction = Static<typeof EnforcementCaseAction>;
export const CaseCircumstance = Type.Enum(CASE_CIRCUMSTANCES);
export type CaseCircumstance = Static<typeof CaseCircumstance>;
export const CaseApprovalKind = Type.Enum(CASE_APPROVAL_KINDS);
export type CaseApprovalKind = Static<typeof CaseApprovalKind>;
export const CaseApprovalDecision = Type.Enum(CASE_APPROVAL_DECISIONS);
export type CaseApprovalDecision = Static<typeof CaseApprovalDecision>;
export const CaseStatementKind = Type.Enum(CASE_STATEMENT_KINDS);
export const CaseServiceMethod = Type.Enum(CASE_SERVICE_METHODS);
export const CaseDeadlineKind = Type.Enum(CASE_DEADLINE_KINDS);
export const HolidayKind = Type.Enum(HOLIDAY_KINDS);

/** A provision cited by its ref in the regulation library and its printed label. */
export const CaseProvision = Type.Object({ ref: ProvisionRef, label: Type.String() });
export type CaseProvision = Static<typeof CaseProvision>;

export const CaseUser = Type.Object({ id: Type.String(), displayName: Type.String() });
export type CaseUser = Static<typeof CaseUser>;

// ---------------------------------------------------------------------------------------------
// Reading

export const CaseViolation = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  finding: Type.String(),
  inspectionFindingSeq: Nullable(Type.Integer({ minimum: 1 })),
  provisions: Type.Array(CaseProvision),
  /** The penalty provision (罚则) for the breached provisions, from the regulation library; null if none found. */
  penalty: Nullable(CaseProvision),
  /** The legal fine range for a 生产经营单位 under that provision; null bounds when not in yuan or unknown. */
  fineRange: Type.Object({ minYuan: Nullable(Type.Number()), maxYuan: Nullable(Type.Number()) }),
  /** The re-inspection's verdict; null before it. */
  rectified: Nullable(Type.Boolean()),
  circumstances: Type.Array(CaseCircumstance),
  proposedFineYuan: Nullable(Type.Number()),
});
export type CaseViolation = Static<typeof CaseViolation>;

export const CaseDeadline = Type.Object({
  kind: CaseDeadlineKind,
  /** The day the count starts from (the event), and the last day allowed. */
  fromDate: LocalDate,
  dueOn: LocalDate,
  days: Type.Integer(),
  unit: Type.Union([Type.Literal('calendar'), Type.Literal('working'), Type.Literal('set_by_officer')]),
  /** The articles that fix the deadline (and, for working days, 行政处罚法 第八十五条). */
  basis: Type.Array(CaseProvision),
  /**
   * Whether a loaded holiday calendar covered every year the count ran through. false: weekends
   * only were skipped (the UI warns); always true for calendar-day counts.
   */
  calendarCovered: Type.Boolean(),
  /** pending (not yet due), met, missed (done late), overdue (not done and past due). */
  state: Type.Union([
    Type.Literal('pending'),
    Type.Literal('met'),
    Type.Literal('missed'),
    Type.Literal('overdue'),
  ]),
  doneOn: Nullable(LocalDate),
});
export type CaseDeadline = Static<typeof CaseDeadline>;

export const CaseEvent = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  action: Type.String(),
  fromStatus: Nullable(EnforcementCaseStatus),
  toStatus: EnforcementCaseStatus,
  actor: Nullable(CaseUser),
  at: DateTime,
  note: Nullable(Type.String()),
  /** Action details (re-inspection verdicts, fines, approval level, service method…). */
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type CaseEvent = Static<typeof CaseEvent>;

export const CaseDocument = Type.Object({
  id: Type.String(),
  docType: OfficialDocumentType,
  title: Type.String(),
  number: Type.String(),
  documentDate: LocalDate,
  /** The case step that issued it (open, reinspection, filing, penalty_notice, decision, service). */
  step: Type.String(),
  pdfUrl: Type.String(),
  verificationCode: Type.String(),
});
export type CaseDocument = Static<typeof CaseDocument>;

export const CaseApproval = Type.Object({
  kind: CaseApprovalKind,
  /** Each submission opens a new round; a return (退回) ends it. */
  round: Type.Integer({ minimum: 1 }),
  /** 1 = 审核, 2 = 负责人. */
  level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  decision: CaseApprovalDecision,
  decidedBy: CaseUser,
  opinion: Type.String(),
  at: DateTime,
});
export type CaseApproval = Static<typeof CaseApproval>;

export const CasePendingApproval = Type.Object({
  kind: CaseApprovalKind,
  round: Type.Integer({ minimum: 1 }),
  level: Type.Union([Type.Literal(1), Type.Literal(2)]),
  submittedAt: DateTime,
  submittedBy: CaseUser,
});
export type CasePendingApproval = Static<typeof CasePendingApproval>;

/** Fine, surcharge (加处罚款, 行政处罚法 第七十二条, capped at the fine: 行政强制法 第四十五条) and payment. */
export const CasePayment = Type.Object({
  fineYuan: Type.Number(),
  dueOn: Nullable(LocalDate),
  /** Days past due as of today (or of payment), and the surcharge they add. */
  overdueDays: Type.Integer({ minimum: 0 }),
  surchargeYuan: Type.Number(),
  amountDueYuan: Type.Number(),
  paidOn: Nullable(LocalDate),
  paidAmountYuan: Nullable(Type.Number()),
});
export type CasePayment = Static<typeof CasePayment>;

const CaseEnterprise = Type.Object({ id: Type.String(), name: Type.String(), districtId: Type.String() });

export const EnforcementCaseSummary = Type.Object({
  id: Type.String(),
  enterprise: CaseEnterprise,
  status: EnforcementCaseStatus,
  outcome: Nullable(EnforcementCaseOutcome),
  cause: Type.String(),
  handler: CaseUser,
  coHandler: CaseUser,
  rectificationDeadline: Nullable(LocalDate),
  filedOn: Nullable(LocalDate),
  decisionDueOn: Nullable(LocalDate),
  decidedOn: Nullable(LocalDate),
  fineYuan: Nullable(Type.Number()),
  closedOn: Nullable(LocalDate),
  /** The earliest deadline not yet met, if any. */
  nextDeadline: Nullable(CaseDeadline),
  pendingApproval: Nullable(CasePendingApproval),
  /** Written by the demo city's simulated year; the UI labels it. */
  simulated: Type.Boolean(),
  createdAt: DateTime,
  version: Type.Integer(),
});
export type EnforcementCaseSummary = Static<typeof EnforcementCaseSummary>;

export const EnforcementCase = Type.Object({
  ...EnforcementCaseSummary.properties,
  inspectionId: Nullable(Type.String()),
  /** The two officers as the documents name them (name and 执法证号). */
  officers: Type.Array(DocumentOfficer),
  reinspectedOn: Nullable(LocalDate),
  notifiedOn: Nullable(LocalDate),
  servedOn: Nullable(LocalDate),
  paymentDueOn: Nullable(LocalDate),
  paidOn: Nullable(LocalDate),
  violations: Type.Array(CaseViolation),
  deadlines: Type.Array(CaseDeadline),
  payment: Nullable(CasePayment),
  events: Type.Array(CaseEvent),
  documents: Type.Array(CaseDocument),
  approvals: Type.Array(CaseApproval),
  /** What the caller may do now (the state, their role and part in the case). */
  allowedActions: Type.Array(EnforcementCaseAction),
});
export type EnforcementCase = Static<typeof EnforcementCase>;

export const EnforcementCaseListQuery = Type.Object(
  {
    status: Type.Optional(EnforcementCaseStatus),
    enterpriseId: Type.Optional(Id),
    /** Only the cases the caller handles (承办人 or co-handler). */
    mine: Type.Optional(Type.Boolean()),
    /** Only cases with a deadline past due and not met. */
    overdue: Type.Optional(Type.Boolean()),
    /** The `nextCursor` of the previous page. */
    cursor: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type EnforcementCaseListQuery = Static<typeof EnforcementCaseListQuery>;

export const EnforcementCaseList = Type.Object({
  items: Type.Array(EnforcementCaseSummary),
  nextCursor: Nullable(Type.String()),
});
export type EnforcementCaseList = Static<typeof EnforcementCaseList>;

export const EnforcementCaseParams = Type.Object({ id: Id });
export type EnforcementCaseParams = Static<typeof EnforcementCaseParams>;

/** GET /api/enforcement/approvals: what the caller (an approver) may decide now. */
export const CaseApprovalInboxItem = Type.Object({
  caseId: Type.String(),
  enterprise: CaseEnterprise,
  cause: Type.String(),
  status: EnforcementCaseStatus,
  pending: CasePendingApproval,
  /** For a decision: the total fine proposed. */
  fineYuan: Nullable(Type.Number()),
  version: Type.Integer(),
});
export type CaseApprovalInboxItem = Static<typeof CaseApprovalInboxItem>;
export const CaseApprovalInbox = Type.Object({ items: Type.Array(CaseApprovalInboxItem) });
export type CaseApprovalInbox = Static<typeof CaseApprovalInbox>;

// ---------------------------------------------------------------------------------------------
// Actions (POST /api/enforcement/cases and POST /api/enforcement/cases/{id}/<action>)

/** POST /api/enforcement/cases — issues the 责令限期整改指令书 in the same transaction. */
export const OpenEnforcementCase = Type.Object(
  {
    /** A completed inspection the caller took part in. */
    inspectionId: Id,
    /** The findings the case is about (each becomes a violation with its provisions). */
    findingSeqs: Type.Array(Seq, { minItems: 1, maxItems: CASE_LIMITS.violations, uniqueItems: true }),
    /** 整改期限: a working day (holiday calendar; weekends when none is loaded), today or later. */
    rectificationDeadline: LocalDate,
    /** The second handler; default the inspection's other officer. */
    coHandlerId: Type.Optional(Id),
    /** 案由; default composed from the findings. */
    cause: Type.Optional(Line(200)),
    /** The two officers as printed: the caller first, then the co-handler (name, 执法证号). */
    officers: Type.Array(DocumentOfficer, { minItems: 2, maxItems: 2 }),
    /** 依据 of the order as printed in the 指令书. */
    legalBasis: Block(DOCUMENT_LIMITS.legalBasis),
    appeal: AppealVenues,
  },
  { additionalProperties: false },
);
export type OpenEnforcementCase = Static<typeof OpenEnforcementCase>;

/** …/reinspection — on or after the rectification deadline; issues the 整改复查意见书. */
export const RecordReinspection = Type.Object(
  {
    version: Version,
    /** The day of the re-inspection: not before the deadline, not in the future. */
    date: LocalDate,
    /** One verdict for every violation. */
    items: Type.Array(Type.Object({ seq: Seq, rectified: Type.Boolean() }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: CASE_LIMITS.violations,
    }),
    /** 复查意见 as printed. */
    opinion: Block(DOCUMENT_LIMITS.opinion),
  },
  { additionalProperties: false },
);
export type RecordReinspection = Static<typeof RecordReinspection>;

/**
 * …/filing — the 承办人 submits 立案 for approval (after a re-inspection found items not
 * rectified). The 立案审批表 is issued at the 负责人's approval from these fields.
 */
export const SubmitCaseFiling = Type.Object(
  {
    version: Version,
    /** 承办人意见. */
    reason: Block(DOCUMENT_LIMITS.opinion),
    /** 案件基本情况; default composed from the violations and the re-inspection. */
    summary: Type.Optional(Block(DOCUMENT_LIMITS.inspectionFindings)),
    /** 案件名称; default 〈enterprise〉〈案由〉案. */
    caseName: Type.Optional(Line(DOCUMENT_LIMITS.provisionLabel)),
    /** The party as the form prints it (the platform keeps no such record of enterprises). */
    legalRepresentative: Line(DOCUMENT_LIMITS.name),
    phone: Line(DOCUMENT_LIMITS.name),
    postcode: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  { additionalProperties: false },
);
export type SubmitCaseFiling = Static<typeof SubmitCaseFiling>;

/** …/review — 审核 (level 1) or 负责人 (level 2) decides the pending filing or decision. */
export const ReviewCaseApproval = Type.Object(
  {
    version: Version,
    kind: CaseApprovalKind,
    decision: CaseApprovalDecision,
    opinion: Block(CASE_LIMITS.opinion),
  },
  { additionalProperties: false },
);
export type ReviewCaseApproval = Static<typeof ReviewCaseApproval>;

export const CaseViolationFine = Type.Object(
  {
    seq: Seq,
    circumstances: Type.Array(CaseCircumstance, { uniqueItems: true, maxItems: CASE_CIRCUMSTANCES.length }),
    /** Within the violation's legal range (else 422 `case.fine_out_of_range`). */
    fineYuan: Yuan,
  },
  { additionalProperties: false },
);
export type CaseViolationFine = Static<typeof CaseViolationFine>;

/** …/penalty-notice — issues the 行政处罚告知书 with the proposed fines. */
export const IssuePenaltyNotice = Type.Object(
  {
    version: Version,
    /** A fine for every violation not rectified (others may be included). */
    violations: Type.Array(CaseViolationFine, { minItems: 1, maxItems: CASE_LIMITS.violations }),
    facts: Block(DOCUMENT_LIMITS.opinion),
    evidence: Block(DOCUMENT_LIMITS.opinion),
    /** The bureau's address, contact, phone and postcode as printed. */
    address: Line(DOCUMENT_LIMITS.place),
    contact: Line(DOCUMENT_LIMITS.name),
    phone: Line(DOCUMENT_LIMITS.name),
    postcode: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  { additionalProperties: false },
);
export type IssuePenaltyNotice = Static<typeof IssuePenaltyNotice>;

/** …/statement — the 当事人's 陈述申辩, a hearing request (within 5 working days), or a waiver. */
export const RecordCaseStatement = Type.Object(
  {
    version: Version,
    kind: CaseStatementKind,
    receivedOn: LocalDate,
    summary: Block(CASE_LIMITS.note),
  },
  { additionalProperties: false },
);
export type RecordCaseStatement = Static<typeof RecordCaseStatement>;

/** …/hearing — the hearing was held (听证笔录 summarised); the case returns to penalty_notified. */
export const RecordCaseHearing = Type.Object(
  { version: Version, heldOn: LocalDate, summary: Block(CASE_LIMITS.note) },
  { additionalProperties: false },
);
export type RecordCaseHearing = Static<typeof RecordCaseHearing>;

/** …/decision — the 承办人 submits the decision for approval; the 决定书 is issued at the 负责人's approval. */
export const SubmitCaseDecision = Type.Object(
  {
    version: Version,
    violations: Type.Array(CaseViolationFine, { minItems: 1, maxItems: CASE_LIMITS.violations }),
    legalRepresentative: Line(DOCUMENT_LIMITS.name),
    position: Line(DOCUMENT_LIMITS.name),
    phone: Line(DOCUMENT_LIMITS.name),
    postcode: Type.String({ pattern: '^[0-9]{6}$' }),
    factsAndEvidence: Block(DOCUMENT_LIMITS.inspectionFindings),
    payTo: Line(DOCUMENT_LIMITS.place),
    account: Line(40),
    appeal: AppealVenues,
  },
  { additionalProperties: false },
);
export type SubmitCaseDecision = Static<typeof SubmitCaseDecision>;

/** …/service — the 决定书 was served (文书送达回执). */
export const RecordCaseService = Type.Object(
  {
    version: Version,
    servedOn: LocalDate,
    method: CaseServiceMethod,
    /** 受送达人 (who signed for it). */
    recipient: Line(DOCUMENT_LIMITS.name),
    place: Line(DOCUMENT_LIMITS.place),
    /** 备注 of the 文书送达回执 (who received for the unit, how 留置送达 went). */
    remarks: Type.Optional(Block(500)),
  },
  { additionalProperties: false },
);
export type RecordCaseService = Static<typeof RecordCaseService>;

/** …/payment — the fine (and any surcharge) was paid; at least the amount due that day. */
export const RecordCasePayment = Type.Object(
  { version: Version, paidOn: LocalDate, amountYuan: Yuan },
  { additionalProperties: false },
);
export type RecordCasePayment = Static<typeof RecordCasePayment>;

/** …/enforcement — after the payment deadline passed unpaid (强制执行 / 申请法院强制执行). */
export const StartCaseEnforcement = Type.Object(
  { version: Version, note: Block(CASE_LIMITS.note) },
  { additionalProperties: false },
);
export type StartCaseEnforcement = Static<typeof StartCaseEnforcement>;

/** …/close — 结案 of a paid case. */
export const CloseEnforcementCase = Type.Object(
  { version: Version, note: Type.Optional(Block(CASE_LIMITS.note)) },
  { additionalProperties: false },
);
export type CloseEnforcementCase = Static<typeof CloseEnforcementCase>;

// ---------------------------------------------------------------------------------------------
// Penalty suggestion (platform discretion rules)

/**
 * The platform's own discretion rules (data/enforcement/discretion-rules.json): NOT an official
 * 裁量基准 — Shenzhen's official benchmark is not in the platform's data. `notice` says so.
 */
export const DiscretionRules = Type.Object({
  label: Type.String(),
  official: Type.Literal(false),
  notice: Type.String(),
  version: Type.String(),
  circumstances: Type.Array(
    Type.Object({
      id: CaseCircumstance,
      effect: Type.Union([Type.Literal('mitigating'), Type.Literal('aggravating')]),
      /** Share of the legal range this circumstance moves the suggestion (0–1). */
      weight: Type.Number(),
      basis: Type.Array(CaseProvision),
      note: Type.String(),
    }),
  ),
});
export type DiscretionRules = Static<typeof DiscretionRules>;

/** POST /api/enforcement/cases/{id}/fine-suggestions (no write). */
export const FineSuggestionRequest = Type.Object(
  {
    violations: Type.Array(
      Type.Object(
        {
          seq: Seq,
          circumstances: Type.Array(CaseCircumstance, {
            uniqueItems: true,
            maxItems: CASE_CIRCUMSTANCES.length,
          }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: CASE_LIMITS.violations },
    ),
  },
  { additionalProperties: false },
);
export type FineSuggestionRequest = Static<typeof FineSuggestionRequest>;

export const FineSuggestions = Type.Object({
  rules: Type.Object({ label: Type.String(), official: Type.Literal(false), notice: Type.String() }),
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      minYuan: Nullable(Type.Number()),
      maxYuan: Nullable(Type.Number()),
      /** null when the legal range is not known in yuan (the officer decides). */
      suggestedYuan: Nullable(Type.Number()),
      /** Position in the range, 0 = minimum, 1 = maximum. */
      position: Nullable(Type.Number()),
      applied: Type.Array(CaseCircumstance),
    }),
  ),
});
export type FineSuggestions = Static<typeof FineSuggestions>;

// ---------------------------------------------------------------------------------------------
// Holiday calendar (法定节假日 and 调休 make-up working days), kept as data by the city admin

export const HolidayCalendarParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export type HolidayCalendarParams = Static<typeof HolidayCalendarParams>;

export const HolidayDay = Type.Object(
  { day: LocalDate, kind: HolidayKind, name: Line(CASE_LIMITS.holidayName) },
  { additionalProperties: false },
);
export type HolidayDay = Static<typeof HolidayDay>;

/** PUT /api/enforcement/holiday-calendar/{year}: replaces that year's days. */
export const PutHolidayCalendar = Type.Object(
  {
    days: Type.Array(HolidayDay, { maxItems: CASE_LIMITS.holidayDays }),
    /** Where the days come from (e.g. 国务院办公厅关于…部分节假日安排的通知, 国办发明电〔…〕…号, URL). */
    source: Line(CASE_LIMITS.source),
  },
  { additionalProperties: false },
);
export type PutHolidayCalendar = Static<typeof PutHolidayCalendar>;

export const HolidayCalendarYear = Type.Object({
  year: Type.Integer(),
  /** false: nothing loaded for this year; working days then skip weekends only. */
  loaded: Type.Boolean(),
  days: Type.Array(HolidayDay),
  source: Nullable(Type.String()),
  updatedAt: Nullable(DateTime),
});
export type HolidayCalendarYear = Static<typeof HolidayCalendarYear>;
// contract-ready
