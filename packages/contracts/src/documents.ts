import { Type, type Static } from 'typebox';
import { DOCUMENT_LIMITS, OFFICIAL_DOCUMENT_TYPES } from './values';

/**
 * Official enforcement documents (安全生产行政执法文书): what an officer sends to issue one, what
 * comes back, and what the public verification answers. The legal wording is not part of the
 * contract: the server takes it from the 2016 forms (data/laws/enforcement-documents-2016.json).
 *
 * Dates are calendar dates in China Standard Time (YYYY-MM-DD); times of day are local
 * (YYYY-MM-DDTHH:mm). Single-line texts may not contain line breaks; multi-line texts may.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (UTC+8)' });
const LocalDateTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$',
  description: 'YYYY-MM-DDTHH:mm (UTC+8)',
});
/** One line of text (no line breaks). */
const Line = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
/** Text that may run over several lines (`x-multiline`: the server allows line breaks only here). */
const Block = (max: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength: max,
    description: `${description ? `${description}; ` : ''}may contain line breaks`,
    'x-multiline': true,
  });

export const OfficialDocumentType = Type.Enum(OFFICIAL_DOCUMENT_TYPES);
export type OfficialDocumentType = Static<typeof OfficialDocumentType>;

/** An officer as the form names them: name and law-enforcement certificate number (执法证号). */
export const DocumentOfficer = Type.Object(
  {
    name: Line(DOCUMENT_LIMITS.name),
    certificateNo: Line(DOCUMENT_LIMITS.certificateNo, '执法证号'),
  },
  { additionalProperties: false },
);
export type DocumentOfficer = Static<typeof DocumentOfficer>;

/** The two officers every on-site document names (行政处罚法 第四十二条: 不得少于两人). */
const Officers = Type.Array(DocumentOfficer, { minItems: 2, maxItems: 2 });

/** The blanks of the appeal sentence: 向____人民政府或者____申请行政复议 … 向____人民法院提起行政诉讼. */
export const AppealVenues = Type.Object(
  {
    government: Line(DOCUMENT_LIMITS.venue, 'the government before 人民政府, e.g. 深圳市宝安区'),
    agency: Line(DOCUMENT_LIMITS.venue, 'the other review body, e.g. 深圳市应急管理局'),
    court: Line(DOCUMENT_LIMITS.venue, 'the court before 人民法院, e.g. 深圳市宝安区'),
  },
  { additionalProperties: false },
);
export type AppealVenues = Static<typeof AppealVenues>;

export const RectificationFinding = Type.Object(
  {
    description: Block(DOCUMENT_LIMITS.findingText, 'the problem found'),
    provision: Line(
      DOCUMENT_LIMITS.provisionLabel,
      'the provision violated, e.g. 《中华人民共和国安全生产法》第四十一条第二款',
    ),
  },
  { additionalProperties: false },
);
export type RectificationFinding = Static<typeof RectificationFinding>;

/** 责令限期整改指令书 (form 5). The inspected unit is the enterprise of the request. */
export const RectificationOrderContent = Type.Object(
  {
    findings: Type.Array(RectificationFinding, { minItems: 1, maxItems: DOCUMENT_LIMITS.findings }),
    /** 整改期限: a working day, today or later. */
    deadline: LocalDate,
    legalBasis: Block(DOCUMENT_LIMITS.legalBasis, 'legal basis of the order'),
    appeal: AppealVenues,
    inspectors: Officers,
    date: LocalDate,
  },
  { additionalProperties: false },
);
export type RectificationOrderContent = Static<typeof RectificationOrderContent>;

/** 整改复查意见书 (form 6). */
export const ReinspectionOpinionContent = Type.Object(
  {
    originalDecision: Type.Object(
      {
        date: LocalDate,
        /** Fills "作出了____的决定", e.g. 责令限期整改. */
        name: Line(60, 'fills 作出了____的决定, e.g. 责令限期整改'),
        number: Line(60, 'the original document number, e.g. （深宝安）应急责改〔2026〕3号'),
      },
      { additionalProperties: false },
    ),
    opinion: Block(DOCUMENT_LIMITS.opinion, '复查意见'),
    inspectors: Officers,
    date: LocalDate,
  },
  { additionalProperties: false },
);
export type ReinspectionOpinionContent = Static<typeof ReinspectionOpinionContent>;

/** 现场检查记录 (form 3). */
export const InspectionRecordContent = Type.Object(
  {
    legalRepresentative: Line(DOCUMENT_LIMITS.name, '法定代表人（负责人）'),
    position: Line(DOCUMENT_LIMITS.name, '职务'),
    phone: Line(DOCUMENT_LIMITS.name, '联系电话'),
    place: Line(DOCUMENT_LIMITS.place, '检查场所'),
    startedAt: LocalDateTime,
    endedAt: LocalDateTime,
    findings: Block(DOCUMENT_LIMITS.inspectionFindings, '检查情况'),
    inspectors: Officers,
    date: LocalDate,
  },
  { additionalProperties: false },
);
export type InspectionRecordContent = Static<typeof InspectionRecordContent>;

/** 行政处罚告知书 (form 24). */
export const PenaltyNoticeContent = Type.Object(
  {
    facts: Block(DOCUMENT_LIMITS.opinion, '违法行为 (现查明，你（单位）存在下列行为：)'),
    evidence: Block(DOCUMENT_LIMITS.opinion, '主要证据'),
    violatedProvisions: Line(DOCUMENT_LIMITS.provisionLabel, '违反的规定'),
    penaltyBasis: Line(DOCUMENT_LIMITS.provisionLabel, '处罚依据'),
    proposedPenalty: Line(DOCUMENT_LIMITS.provisionLabel, '拟作出的行政处罚'),
    address: Line(DOCUMENT_LIMITS.place, '安全生产监督管理部门地址'),
    contact: Line(DOCUMENT_LIMITS.name, '联系人'),
    phone: Line(DOCUMENT_LIMITS.name, '联系电话'),
    postcode: Type.String({ pattern: '^[0-9]{6}$', description: '邮政编码' }),
    date: LocalDate,
  },
  { additionalProperties: false },
);
export type PenaltyNoticeContent = Static<typeof PenaltyNoticeContent>;

/** 行政处罚决定书（单位） (form 34). */
export const PenaltyDecisionContent = Type.Object(
  {
    postcode: Type.String({ pattern: '^[0-9]{6}$', description: '邮政编码' }),
    legalRepresentative: Line(DOCUMENT_LIMITS.name, '法定代表人（负责人）'),
    position: Line(DOCUMENT_LIMITS.name, '职务'),
    phone: Line(DOCUMENT_LIMITS.name, '联系电话'),
    factsAndEvidence: Block(DOCUMENT_LIMITS.inspectionFindings, '违法事实及证据'),
    violatedProvisions: Line(DOCUMENT_LIMITS.provisionLabel, '违反的规定'),
    penaltyBasis: Line(DOCUMENT_LIMITS.provisionLabel, '处罚依据'),
    penalty: Line(DOCUMENT_LIMITS.provisionLabel, '决定给予的行政处罚'),
    payTo: Line(DOCUMENT_LIMITS.place, '罚款缴至'),
    account: Line(40, '账号'),
    appeal: AppealVenues,
    date: LocalDate,
  },
  { additionalProperties: false },
);
export type PenaltyDecisionContent = Static<typeof PenaltyDecisionContent>;

/**
 * An officer on an internal form. The platform's accounts carry no 执法证号 yet: when the caller
 * has none, the form prints a blank line for it, to be written in by hand before signing.
 */
export const CaseOfficer = Type.Object(
  {
    name: Line(DOCUMENT_LIMITS.name),
    certificateNo: Type.Optional(Line(DOCUMENT_LIMITS.certificateNo, '执法证号; omitted: printed blank')),
  },
  { additionalProperties: false },
);
export type CaseOfficer = Static<typeof CaseOfficer>;

/** One approval step of an internal form: 审核 or 审批, with the signer's name and the date. */
const ApprovalStep = (opinion: string, signer: string) =>
  Type.Object(
    {
      opinion: Block(DOCUMENT_LIMITS.opinion, opinion),
      name: Line(DOCUMENT_LIMITS.name, signer),
      date: LocalDate,
    },
    { additionalProperties: false },
  );

/**
 * 立案审批表 (form 1), issued when the 负责人 approves: all three opinions are filled. The 当事人
 * (name, address) is the enterprise of the request. Dates: 时间 ≤ 承办人 ≤ 审核 ≤ 审批 ≤ today;
 * the number's year is the 审批 date's.
 */
export const CaseFilingApprovalContent = Type.Object(
  {
    cause: Line(DOCUMENT_LIMITS.provisionLabel, '案由'),
    source: Line(500, '案件来源, e.g. 现场检查发现'),
    /** 时间: when the case came to the agency (the inspection, the tip, the referral). */
    sourceDate: LocalDate,
    caseName: Line(DOCUMENT_LIMITS.provisionLabel, '案件名称'),
    phone: Line(DOCUMENT_LIMITS.name, '电话'),
    legalRepresentative: Line(DOCUMENT_LIMITS.name, '法定代表人/负责人'),
    postcode: Type.String({ pattern: '^[0-9]{6}$', description: '邮政编码' }),
    summary: Block(DOCUMENT_LIMITS.inspectionFindings, '案件基本情况'),
    handling: Type.Object(
      {
        opinion: Block(DOCUMENT_LIMITS.opinion, '承办人意见'),
        /** 承办人: two officers (行政处罚法 第四十二条). */
        officers: Type.Array(CaseOfficer, { minItems: 2, maxItems: 2 }),
        date: LocalDate,
      },
      { additionalProperties: false },
    ),
    review: ApprovalStep('审核意见', '审核人'),
    approval: ApprovalStep('审批意见', '审批人'),
  },
  { additionalProperties: false },
);
export type CaseFilingApprovalContent = Static<typeof CaseFilingApprovalContent>;

/** One row of the 送达回执's table: a document served, where, when, how, by whom, to whom. */
export const ServedDocument = Type.Object(
  {
    name: Line(60, '送达文书名称, e.g. 行政处罚决定书'),
    number: Line(60, '文号, e.g. （深宝安）应急罚〔2026〕3号'),
    place: Line(DOCUMENT_LIMITS.place, '送达地点'),
    date: LocalDate,
    method: Line(20, '送达方式, e.g. 直接送达'),
    /** 送达人: the two officers who served it. */
    servers: Type.Array(Line(DOCUMENT_LIMITS.name), { minItems: 2, maxItems: 2 }),
    /** 收件人: printed beside the room for the signature or seal. */
    recipient: Line(DOCUMENT_LIMITS.name, '收件人'),
  },
  { additionalProperties: false },
);
export type ServedDocument = Static<typeof ServedDocument>;

/**
 * 文书送达回执 (form 40): one receipt for the documents of a case (the form's note 1). The
 * 受送达单位 is the enterprise of the request; the document date is the latest service date.
 */
export const ServiceReceiptContent = Type.Object(
  {
    caseName: Line(DOCUMENT_LIMITS.provisionLabel, '案件名称'),
    documents: Type.Array(ServedDocument, { minItems: 1, maxItems: 20 }),
    /** 备注: who received for the addressee and how they relate, or how 留置送达 went (note 3). */
    remarks: Type.Optional(Block(500, '备注')),
  },
  { additionalProperties: false },
);
export type ServiceReceiptContent = Static<typeof ServiceReceiptContent>;

export const DOCUMENT_CONTENT_SCHEMAS = {
  rectification_order: RectificationOrderContent,
  reinspection_opinion: ReinspectionOpinionContent,
  inspection_record: InspectionRecordContent,
  penalty_notice: PenaltyNoticeContent,
  penalty_decision: PenaltyDecisionContent,
  case_filing_approval: CaseFilingApprovalContent,
  service_receipt: ServiceReceiptContent,
} as const;

export const IssueOfficialDocument = Type.Object(
  {
    docType: Type.String({
      maxLength: 40,
      description: `one of ${OFFICIAL_DOCUMENT_TYPES.join(', ')}`,
    }),
    /** The enterprise the document is addressed to (被检查单位 / 当事人); it must be in scope. */
    enterpriseId: Id,
    content: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'by docType: RectificationOrderContent, ReinspectionOpinionContent, InspectionRecordContent, PenaltyNoticeContent, PenaltyDecisionContent, CaseFilingApprovalContent, ServiceReceiptContent',
      },
    ),
  },
  { additionalProperties: false },
);
export type IssueOfficialDocument = Static<typeof IssueOfficialDocument>;

export const OfficialDocumentIssued = Type.Object({
  id: Type.String(),
  docType: OfficialDocumentType,
  title: Type.String(),
  number: Type.String(),
  verificationCode: Type.String(),
  /** SHA-256 of the PDF file as issued. */
  sha256: Type.String(),
  documentDate: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  agency: Type.Object({ code: Type.String(), name: Type.String() }),
  enterpriseId: Type.String(),
  pdfUrl: Type.String(),
  verifyUrl: Type.String(),
  /** Ids of the 2021 行政处罚法 text updates applied to the 2016 form's wording. */
  legalUpdatesApplied: Type.Array(Type.String()),
  /** Points of the form's wording not yet checked against current law, kept as the form has them. */
  unverifiedWording: Type.Array(Type.String()),
});
export type OfficialDocumentIssued = Static<typeof OfficialDocumentIssued>;

export const VerificationCodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
export type VerificationCodeParams = Static<typeof VerificationCodeParams>;

/** What anyone holding a printed document may learn: never its content. */
export const OfficialDocumentVerification = Type.Object({
  number: Type.String(),
  docType: OfficialDocumentType,
  title: Type.String(),
  documentDate: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  agency: Type.String(),
  sha256: Type.String(),
});
export type OfficialDocumentVerification = Static<typeof OfficialDocumentVerification>;
