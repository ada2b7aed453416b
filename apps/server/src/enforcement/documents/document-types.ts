import type { TSchema } from 'typebox';
import {
  DOCUMENT_CONTENT_SCHEMAS,
  type AppealVenues,
  type CaseFilingApprovalContent,
  type CaseOfficer,
  type DocumentOfficer,
  type InspectionRecordContent,
  type OfficialDocumentType,
  type PenaltyDecisionContent,
  type PenaltyNoticeContent,
  type RectificationOrderContent,
  type ReinspectionOpinionContent,
  type ServiceReceiptContent,
} from '@safegrid/contracts';
import { OFFICIAL_DOCUMENT_TYPES } from '@safegrid/contracts/values';
import type { FieldProblem } from '../../errors';
import { chineseDate, dateBlanks } from './document-dates';
import { documentHeader, fixedWordingOf, formData, numberCodeOf, type FormData } from './document-forms';
import { fillBlanks, SIGNATURE_GAP, type LayoutBlock } from './document-layout';
import type { IssuingAgency } from './issuing-agency';
import { applyLegalUpdates } from './legal-updates';

/**
 * The forms the platform issues. Each definition names its form in the data file, its input
 * schema, its date rules and a builder that lays the form's own sentences (after the legal
 * updates) out with the input filled into their blanks. Words the platform adds that the form
 * does not have are listed in `platformWording` and recorded in every document's metadata.
 */

/** A form as the builders use it: data plus the updated sentences. */
export interface PreparedForm {
  data: FormData;
  header: string;
  title: string;
  /** The number's code, e.g. 应急责改. */
  numberCode: string;
  sentences: string[];
  legalUpdatesApplied: string[];
  unverifiedWording: string[];
}

export interface BuildContext {
  agency: IssuingAgency;
  /** The enterprise the document is addressed to, from the registry. */
  unit: { name: string; address: string };
}

export interface DocumentDefinition<C> {
  docType: OfficialDocumentType;
  /** `type` of the form in data/laws/enforcement-documents-2016.json. */
  formType: string;
  schema: TSchema;
  /** Words printed that the form does not contain (ids, described in PLATFORM_WORDING). */
  platformWording: readonly (keyof typeof PLATFORM_WORDING)[];
  documentDate(content: C): string;
  /** Rules across fields and against today's date (CST), after the schema and text checks. */
  check(content: C, today: string, nowLocal: string): FieldProblem[];
  build(content: C, form: PreparedForm, context: BuildContext): LayoutBlock[];
}

export const PLATFORM_WORDING = {
  'agency-name':
    'the issuing 应急管理局 fills the form blank “____安全生产监督管理局/部门” and the seal line (2018 机构改革)',
  'finding-provision': 'each finding ends with “（违反<provision>）”',
  'legal-basis-line': 'a line “依据：<legal basis>” after the findings',
  'original-number':
    'the original decision’s number replaces the form’s blank number “[（ ）安监____〔 〕（ ）号]”',
  'officer-names': 'each officer’s 证号 is followed by the officer’s name: “证号：<number>（<name>）”',
  'officer-certificate-blank':
    'an officer without a 执法证号 on the platform gets a blank line “证号：__________（<name>）” to fill in by hand',
  'signer-names': 'a signer’s name follows the room to sign: “审核人（签名）：____（<name>）”',
  'service-rows':
    'each row of the 送达回执 table is printed as labelled lines (送达文书名称、文号 / 送达地点、送达日期、送达方式 / 送达人 / 收件人签名或者盖章)',
} as const;

const C = DOCUMENT_CONTENT_SCHEMAS;

const prepared = new Map<string, PreparedForm>();

export function prepareForm(formType: string): PreparedForm {
  let form = prepared.get(formType);
  if (!form) {
    const data = formData(formType);
    const updated = applyLegalUpdates(formType, fixedWordingOf(data));
    form = {
      data,
      header: documentHeader(data),
      title: data.title,
      numberCode: numberCodeOf(data),
      sentences: updated.sentences,
      legalUpdatesApplied: updated.applied,
      unverifiedWording: updated.unverified,
    };
    prepared.set(formType, form);
  }
  return form;
}

/** The form's blanks that name the 2016 department take the issuing agency's name. */
function withAgency(sentence: string, agency: IssuingAgency): string {
  return sentence.replace(/_{2,}安全生产监督管理(局|部门)/gu, agency.name);
}

function sentence(form: PreparedForm, index: number): string {
  const text = form.sentences[index];
  if (text === undefined) throw new Error(`Form ${form.data.type} has no sentence ${index}`);
  return text;
}

/** The seal line of the form (“安全生产监督管理部门（印章） + 年 月 日”) for this agency. */
function seal(form: PreparedForm, agency: IssuingAgency, date: string): LayoutBlock {
  const text = form.data.seal?.split(' + ')[0];
  if (!text) throw new Error(`Form ${form.data.type} has no seal`);
  return { kind: 'seal', text: text.replace('安全生产监督管理部门', agency.name), date: chineseDate(date) };
}

function copies(form: PreparedForm): LayoutBlock[] {
  return form.data.copies ? [{ kind: 'note', text: form.data.copies }] : [];
}

/** The date blank that ends the signature blocks of the approval forms ("… 年 月 日"). */
const SIGNATURE_DATE = /年 月 日$/u;

/**
 * A signature block of the form: blanks filled in order (a signature's blank keeps room to sign),
 * then one line per " / " part, later parts aligned under the same words of the first. With a
 * date, the block's closing "年 月 日" blank is filled with it.
 */
function signatureBlock(
  form: PreparedForm,
  index: number,
  values: readonly string[],
  date?: string,
): LayoutBlock {
  const template = form.data.signatureBlocks?.[index];
  if (template === undefined) throw new Error(`Form ${form.data.type} has no signature block ${index}`);
  let filled = fillBlanks(template, values);
  if (date !== undefined) {
    if (!SIGNATURE_DATE.test(filled))
      throw new Error(`Form ${form.data.type}: signature block ${index} has no date`);
    filled = filled.replace(SIGNATURE_DATE, chineseDate(date));
  }
  const parts = filled.split(' / ');
  const lines = parts.map((text, i) =>
    i === 0
      ? { text: text.endsWith('：') ? `${text}${SIGNATURE_GAP}` : text }
      : { text, alignUnder: text.split('：')[0] + '：' },
  );
  return { kind: 'signatures', lines };
}

/**
 * Officers' block "…（签名）：____ 证号：____ / 证号：____": room to sign, then each certificate
 * number with its holder's name, so the printed page says whose signature belongs where.
 */
function officerSignatures(
  form: PreparedForm,
  index: number,
  officers: readonly DocumentOfficer[],
): LayoutBlock {
  return signatureBlock(form, index, [
    SIGNATURE_GAP,
    ...officers.map((o) => `${o.certificateNo}（${o.name}）`),
  ]);
}

/** Room for a hand-written certificate number the platform does not know. */
const CERTIFICATE_BLANK = '_'.repeat(10);

/** "…（签名）：____" of one signer: room to sign, then the name of whoever signs there. */
const signerBlank = (name: string) => `${SIGNATURE_GAP}（${name}）`;

const appealBlanks = (appeal: AppealVenues) => [appeal.government, appeal.agency, appeal.court];

function problem(path: string, code: string, params?: Record<string, string>): FieldProblem {
  return { pointer: `/body/content${path}`, code, ...(params ? { params } : {}) };
}

function notAfterToday(date: string, today: string, path = '/date'): FieldProblem[] {
  return date > today ? [problem(path, 'document.date_in_future', { today })] : [];
}

/** Dates that must follow each other in order: each one not before the one listed before it. */
function inOrder(dates: readonly { path: string; date: string }[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (let i = 1; i < dates.length; i++) {
    const earlier = dates[i - 1]!;
    const later = dates[i]!;
    if (later.date < earlier.date) {
      problems.push(problem(later.path, 'document.date_before', { earliest: earlier.date }));
    }
  }
  return problems;
}

/** "2026年11月30日9时05分至11月30日11时00分", as the 检查时间 blanks ask. */
function inspectionTime(startedAt: string, endedAt: string): string {
  const parts = (value: string) => {
    const [date, time] = value.split('T') as [string, string];
    const [y, m, d] = date.split('-').map(Number);
    const [h, min] = time.split(':') as [string, string];
    return { y, m, d, time: `${Number(h)}时${min}分` };
  };
  const a = parts(startedAt);
  const b = parts(endedAt);
  return `${a.y}年${a.m}月${a.d}日${a.time}至${b.m}月${b.d}日${b.time}`;
}

const rectificationOrder: DocumentDefinition<RectificationOrderContent> = {
  docType: 'rectification_order',
  formType: '责令限期整改指令书',
  schema: C.rectification_order,
  platformWording: ['agency-name', 'finding-provision', 'legal-basis-line', 'officer-names'],
  documentDate: (c) => c.date,
  check(c, today) {
    const problems = notAfterToday(c.date, today);
    // Whether the deadline is a working day is the holiday calendar's to say (a 调休 Saturday is
    // one): issuing checks it with `deadlineDayProblem`, where the calendar can be read.
    if (c.deadline < today || c.deadline < c.date) {
      problems.push(problem('/deadline', 'document.deadline_in_past', { today }));
    }
    return problems;
  },
  build(c, form, { agency, unit }) {
    const items = c.findings.map((_, i) => String(i + 1)).join('、');
    return [
      { kind: 'addressee', text: `${unit.name}：` },
      { kind: 'paragraph', text: sentence(form, 0) },
      { kind: 'numbered', items: c.findings.map((f) => `${f.description}（违反${f.provision}）`) },
      { kind: 'field', label: '依据', value: c.legalBasis },
      { kind: 'paragraph', text: fillBlanks(sentence(form, 1), [items, ...dateBlanks(c.deadline)]) },
      { kind: 'paragraph', text: sentence(form, 2) },
      { kind: 'paragraph', text: fillBlanks(sentence(form, 3), appealBlanks(c.appeal)) },
      officerSignatures(form, 0, c.inspectors),
      signatureBlock(form, 1, []),
      seal(form, agency, c.date),
      ...copies(form),
    ];
  },
};

const ORIGINAL_NUMBER_BLANK = /\[（\s*）安监_*〔\s*〕（\s*）号\]/u;

const reinspectionOpinion: DocumentDefinition<ReinspectionOpinionContent> = {
  docType: 'reinspection_opinion',
  formType: '整改复查意见书',
  schema: C.reinspection_opinion,
  platformWording: ['agency-name', 'original-number', 'officer-names'],
  documentDate: (c) => c.date,
  check(c, today) {
    const problems = notAfterToday(c.date, today);
    if (c.originalDecision.date > c.date) {
      problems.push(problem('/originalDecision/date', 'document.date_in_future', { today: c.date }));
    }
    return problems;
  },
  build(c, form, { agency, unit }) {
    const opening = sentence(form, 0);
    if (!ORIGINAL_NUMBER_BLANK.test(opening))
      throw new Error('整改复查意见书: the original number blank moved');
    const withNumber = opening.replace(ORIGINAL_NUMBER_BLANK, () => `[${c.originalDecision.number}]`);
    return [
      { kind: 'addressee', text: `${unit.name}：` },
      {
        kind: 'paragraph',
        text: fillBlanks(withNumber, [...dateBlanks(c.originalDecision.date), c.originalDecision.name]),
      },
      { kind: 'text', text: c.opinion },
      signatureBlock(form, 0, []),
      officerSignatures(form, 1, c.inspectors),
      seal(form, agency, c.date),
      ...copies(form),
    ];
  },
};

const inspectionRecord: DocumentDefinition<InspectionRecordContent> = {
  docType: 'inspection_record',
  formType: '现场检查记录',
  schema: C.inspection_record,
  platformWording: ['agency-name'],
  documentDate: (c) => c.date,
  check(c, today, nowLocal) {
    const problems = notAfterToday(c.date, today);
    if (c.endedAt <= c.startedAt || c.startedAt > nowLocal) {
      problems.push(problem('/endedAt', 'document.time_range_invalid'));
    } else if (c.startedAt.slice(0, 10) > c.date) {
      problems.push(problem('/date', 'document.date_invalid', { value: c.date }));
    }
    return problems;
  },
  build(c, form, { agency, unit }) {
    const [first, second] = c.inspectors as [DocumentOfficer, DocumentOfficer];
    const identity = fillBlanks(withAgency(sentence(form, 0), agency), [
      first.name,
      second.name,
      first.certificateNo,
      second.certificateNo,
    ]);
    return [
      { kind: 'field', label: '被检查单位', value: unit.name },
      { kind: 'field', label: '地址', value: unit.address },
      {
        kind: 'fields',
        items: [
          { label: '法定代表人（负责人）', value: c.legalRepresentative },
          { label: '职务', value: c.position },
          { label: '联系电话', value: c.phone },
        ],
      },
      { kind: 'field', label: '检查场所', value: c.place },
      { kind: 'field', label: '检查时间', value: inspectionTime(c.startedAt, c.endedAt) },
      { kind: 'paragraph', text: identity },
      { kind: 'text', label: '检查情况', text: c.findings },
      signatureBlock(form, 0, []),
      signatureBlock(form, 1, []),
      { kind: 'seal', text: '', date: chineseDate(c.date) },
    ];
  },
};

const penaltyNotice: DocumentDefinition<PenaltyNoticeContent> = {
  docType: 'penalty_notice',
  formType: '行政处罚告知书',
  schema: C.penalty_notice,
  platformWording: ['agency-name'],
  documentDate: (c) => c.date,
  check: (c, today) => notAfterToday(c.date, today),
  build(c, form, { agency, unit }) {
    return [
      { kind: 'addressee', text: `${unit.name}：` },
      { kind: 'paragraph', text: sentence(form, 0) },
      { kind: 'text', text: c.facts },
      { kind: 'paragraph', text: sentence(form, 1) },
      { kind: 'text', text: c.evidence },
      {
        kind: 'paragraph',
        text: fillBlanks(sentence(form, 2), [c.violatedProvisions, c.penaltyBasis, c.proposedPenalty]),
      },
      { kind: 'paragraph', text: withAgency(sentence(form, 3), agency) },
      { kind: 'field', label: '安全生产监督管理部门地址', value: c.address },
      {
        kind: 'fields',
        items: [
          { label: '联系人', value: c.contact },
          { label: '联系电话', value: c.phone },
          { label: '邮政编码', value: c.postcode },
        ],
      },
      seal(form, agency, c.date),
      ...copies(form),
    ];
  },
};

const penaltyDecision: DocumentDefinition<PenaltyDecisionContent> = {
  docType: 'penalty_decision',
  formType: '行政处罚决定书（单位）',
  schema: C.penalty_decision,
  platformWording: ['agency-name'],
  documentDate: (c) => c.date,
  check: (c, today) => notAfterToday(c.date, today),
  build(c, form, { agency, unit }) {
    return [
      { kind: 'field', label: '被处罚单位', value: unit.name },
      {
        kind: 'fields',
        items: [
          { label: '地址', value: unit.address },
          { label: '邮政编码', value: c.postcode },
        ],
      },
      {
        kind: 'fields',
        items: [
          { label: '法定代表人（负责人）', value: c.legalRepresentative },
          { label: '职务', value: c.position },
          { label: '联系电话', value: c.phone },
        ],
      },
      { kind: 'text', label: '违法事实及证据', text: c.factsAndEvidence },
      {
        kind: 'paragraph',
        text: fillBlanks(sentence(form, 0), [c.violatedProvisions, c.penaltyBasis, c.penalty]),
      },
      { kind: 'paragraph', text: fillBlanks(sentence(form, 1), [c.payTo, c.account]) },
      { kind: 'paragraph', text: fillBlanks(sentence(form, 2), appealBlanks(c.appeal)) },
      seal(form, agency, c.date),
      ...copies(form),
    ];
  },
};

const caseFilingApproval: DocumentDefinition<CaseFilingApprovalContent> = {
  docType: 'case_filing_approval',
  formType: '立案审批表',
  schema: C.case_filing_approval,
  platformWording: ['officer-names', 'officer-certificate-blank', 'signer-names'],
  // Numbered and archived when the 负责人 approves: the form's date is the 审批 date.
  documentDate: (c) => c.approval.date,
  check(c, today) {
    return [
      ...notAfterToday(c.approval.date, today, '/approval/date'),
      ...inOrder([
        { path: '/sourceDate', date: c.sourceDate },
        { path: '/handling/date', date: c.handling.date },
        { path: '/review/date', date: c.review.date },
        { path: '/approval/date', date: c.approval.date },
      ]),
    ];
  },
  build(c, form, { unit }) {
    const certificate = (o: CaseOfficer) => `${o.certificateNo ?? CERTIFICATE_BLANK}（${o.name}）`;
    return [
      { kind: 'field', label: '案由', value: c.cause },
      {
        kind: 'fields',
        items: [
          { label: '案件来源', value: c.source },
          { label: '时间', value: chineseDate(c.sourceDate) },
        ],
      },
      { kind: 'field', label: '案件名称', value: c.caseName },
      {
        kind: 'fields',
        items: [
          { label: '当事人', value: unit.name },
          { label: '电话', value: c.phone },
        ],
      },
      { kind: 'field', label: '法定代表人/负责人', value: c.legalRepresentative },
      {
        kind: 'fields',
        items: [
          { label: '当事人地址', value: unit.address },
          { label: '邮政编码', value: c.postcode },
        ],
      },
      { kind: 'text', label: '案件基本情况', text: c.summary },
      { kind: 'text', label: '承办人意见', text: c.handling.opinion },
      signatureBlock(form, 0, [SIGNATURE_GAP, ...c.handling.officers.map(certificate)], c.handling.date),
      { kind: 'text', label: '审核意见', text: c.review.opinion },
      signatureBlock(form, 1, [signerBlank(c.review.name)], c.review.date),
      { kind: 'text', label: '审批意见', text: c.approval.opinion },
      signatureBlock(form, 2, [signerBlank(c.approval.name)], c.approval.date),
    ];
  },
};

/** The 送达回执's seal line, which the form data lists among the fields (it has no date). */
function receiptSeal(form: PreparedForm, agency: IssuingAgency): LayoutBlock {
  const text = form.data.fields?.find((f) => f.endsWith('（印章）'));
  if (!text) throw new Error(`Form ${form.data.type} has no seal field`);
  return { kind: 'seal', text: text.replace('安全生产监督管理部门', agency.name), date: '' };
}

const serviceReceipt: DocumentDefinition<ServiceReceiptContent> = {
  docType: 'service_receipt',
  formType: '文书送达回执',
  schema: C.service_receipt,
  platformWording: ['agency-name', 'service-rows', 'signer-names'],
  documentDate: (c) => c.documents.reduce((latest, d) => (d.date > latest ? d.date : latest), ''),
  check: (c, today) => c.documents.flatMap((d, i) => notAfterToday(d.date, today, `/documents/${i}/date`)),
  build(c, form, { agency, unit }) {
    const rows = c.documents.flatMap((d): LayoutBlock[] => [
      { kind: 'field', label: '送达文书名称、文号', value: `${d.name}\u3000${d.number}` },
      {
        kind: 'fields',
        items: [
          { label: '送达地点', value: d.place },
          { label: '送达日期', value: chineseDate(d.date) },
          { label: '送达方式', value: d.method },
        ],
      },
      { kind: 'field', label: '送达人', value: d.servers.join('、') },
      { kind: 'signatures', lines: [{ text: `收件人签名或者盖章：${signerBlank(d.recipient)}` }] },
    ]);
    return [
      { kind: 'field', label: '案件名称', value: c.caseName },
      { kind: 'field', label: '受送达单位（个人）', value: unit.name },
      ...rows,
      receiptSeal(form, agency),
      { kind: 'text', label: '备注', text: c.remarks ?? '' },
      { kind: 'note', text: sentence(form, 0) },
    ];
  },
};

type AnyDefinition = DocumentDefinition<never>;

export const DOCUMENT_DEFINITIONS: Readonly<Record<OfficialDocumentType, AnyDefinition>> = {
  rectification_order: rectificationOrder as unknown as AnyDefinition,
  reinspection_opinion: reinspectionOpinion as unknown as AnyDefinition,
  inspection_record: inspectionRecord as unknown as AnyDefinition,
  penalty_notice: penaltyNotice as unknown as AnyDefinition,
  penalty_decision: penaltyDecision as unknown as AnyDefinition,
  case_filing_approval: caseFilingApproval as unknown as AnyDefinition,
  service_receipt: serviceReceipt as unknown as AnyDefinition,
};

export function documentDefinition(docType: string): DocumentDefinition<unknown> | undefined {
  return (OFFICIAL_DOCUMENT_TYPES as readonly string[]).includes(docType)
    ? (DOCUMENT_DEFINITIONS[docType as OfficialDocumentType] as unknown as DocumentDefinition<unknown>)
    : undefined;
}
