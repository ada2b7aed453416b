import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  IssueOfficialDocument,
  OfficialDocumentIssued,
  OfficialDocumentType,
} from '@safegrid/contracts';
import { OFFICIAL_DOCUMENT_TYPES } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { CjkFontUnavailableError, type CjkFont } from './cjk-font';
import { composeOfficialDocument } from './compose-official-document';
import { normaliseContent, schemaProblems, textProblems, unprintableProblems } from './document-content';
import { chinaDate, deadlineDayProblem } from './document-dates';
import { chinaWallClock } from '../../platform/time/china-time';
import { createHolidayCalendarRepository } from '../calendar/holiday-calendar.repository';
import type { DocumentLayout } from './document-layout';
import { formatDocumentNumber } from './document-number';
import { documentDefinition, prepareForm } from './document-types';
import { issuingAgency } from './issuing-agency';
import {
  createOfficialDocumentRepository,
  type OfficialDocumentRepository,
} from './official-document.repository';
import { presentIssued } from './official-document.presenter';
import { renderOfficialDocument, type RenderFont } from './render-official-document';

export interface IssueDeps {
  db: Kysely<DB>;
  documents: OfficialDocumentRepository;
  /** The CJK font, loaded at the first document (cjkFontProvider); tests pass a failing one. */
  font: () => CjkFont;
  clock: () => Date;
  /** The PDF renderer; replaceable only to prove that a failure after numbering leaves no trace. */
  render?: (layout: DocumentLayout, font: RenderFont) => Promise<Buffer>;
  /** Prefix of the verification URL in the QR code (e.g. https://safegrid.example); default: path only. */
  publicBaseUrl?: string;
}

type Definition = NonNullable<ReturnType<typeof documentDefinition>>;

interface ValidRequest {
  definition: Definition;
  docType: OfficialDocumentType;
  content: unknown;
  enterpriseId: string;
  documentDate: string;
  now: Date;
}

/** Everything that needs no database: the type, the content's shape and text, the date rules. */
function validate(request: IssueOfficialDocument, now: Date): ValidRequest {
  const definition = documentDefinition(request.docType);
  if (!definition) {
    throw new AppError(
      'document.type_unknown',
      { docType: request.docType, known: OFFICIAL_DOCUMENT_TYPES.join(', ') },
      [{ pointer: '/body/docType', code: 'document.type_unknown' }],
    );
  }
  const schemaIssues = schemaProblems(definition.schema, request.content);
  if (schemaIssues.length > 0) rejectFields(schemaIssues);
  const textIssues = textProblems(definition.schema, request.content);
  if (textIssues.length > 0) rejectFields(textIssues);
  const content = normaliseContent(request.content);
  const today = chinaDate(now);
  const nowLocal = chinaWallClock(now).slice(0, 16);
  const ruleIssues = definition.check(content, today, nowLocal);
  if (ruleIssues.length > 0) rejectFields(ruleIssues);
  return {
    definition,
    docType: request.docType as OfficialDocumentType,
    content,
    enterpriseId: request.enterpriseId,
    documentDate: definition.documentDate(content),
    now,
  };
}

/** The enterprise (in the actor's scope, else 404) and the bureau that issues for it. */
async function resolveIssuer(
  lookups: Pick<OfficialDocumentRepository, 'enterpriseInScope' | 'jurisdictionNames'>,
  actor: Actor,
  enterpriseId: string,
  cityAgency: boolean,
) {
  const enterprise = await lookups.enterpriseInScope(enterpriseId, actor.scope);
  if (!enterprise) throw notFound('enterprise', enterpriseId);
  const names = await lookups.jurisdictionNames(cityAgency ? null : enterprise.district_id);
  if (!names.city || (!cityAgency && !names.district)) {
    throw new Error(`No issuing agency for enterprise ${enterprise.id} (district ${enterprise.district_id})`);
  }
  return { enterprise, agency: issuingAgency(names.city, cityAgency ? null : names.district!) };
}

/** Number, render, archive and audit, inside the caller's transaction. */
async function writeDocument(
  trx: Kysely<DB>,
  deps: Omit<IssueDeps, 'db'>,
  actor: Actor,
  valid: ValidRequest,
  issuer: Awaited<ReturnType<typeof resolveIssuer>>,
): Promise<OfficialDocumentIssued> {
  const { definition, docType, content, documentDate, now } = valid;
  const { enterprise, agency } = issuer;
  const form = prepareForm(definition.formType);
  const year = Number(documentDate.slice(0, 4));
  const render = deps.render ?? renderOfficialDocument;
  const sequence = await deps.documents.nextSequence(trx, {
    agencyCode: agency.code,
    series: form.numberCode,
    year,
  });
  const number = formatDocumentNumber({
    agencyShortName: agency.shortName,
    code: form.numberCode,
    year,
    sequence,
  });
  let font: CjkFont;
  try {
    font = deps.font();
  } catch (error) {
    if (!(error instanceof CjkFontUnavailableError)) throw error;
    const unavailable = new AppError('document.font_unavailable');
    // The problem body stays generic; the log (status 503 is logged) names every path tried.
    unavailable.cause = error;
    unavailable.message = error.message;
    throw unavailable;
  }
  const unprintable = unprintableProblems(definition.schema, content, font.canPrint);
  if (unprintable.length > 0) rejectFields(unprintable);

  const { canonical, verificationCode, layout } = composeOfficialDocument(
    definition,
    {
      docType,
      content,
      number,
      agency,
      enterprise: { id: enterprise.id, name: enterprise.name, address: enterprise.address },
      issuedAt: now,
    },
    { publicBaseUrl: deps.publicBaseUrl },
  );
  const pdf = await render(layout, font);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const { id } = await deps.documents.insert(trx, {
    agency_code: agency.code,
    agency_name: agency.name,
    doc_type: docType,
    title: form.title,
    series: form.numberCode,
    year,
    sequence,
    number,
    enterprise_id: enterprise.id,
    document_date: documentDate,
    verification_code: verificationCode,
    sha256,
    content: JSON.stringify(canonical),
    pdf,
    issued_by: actor.userId,
    issued_at: now,
  });
  await appendAudit(
    trx,
    auditWho(actor),
    {
      action: 'official_document.issued',
      resourceType: 'official_document',
      resourceId: id,
      after: { docType, number, enterpriseId: enterprise.id, verificationCode, sha256 },
    },
    now,
  );
  return presentIssued({ id, canonical, verificationCode, sha256 });
}

/**
 * Issues an official document: validate, then in ONE transaction allocate the number, compose,
 * render the PDF, archive it and append the audit entry. Any failure on the way — the font is
 * missing, a character cannot be printed, rendering throws, the insert is refused — rolls the
 * whole transaction back, the number's increment included: numbers are never reused or skipped.
 * (Rendering inside the transaction holds the series row's lock for its ~20 ms; issuing is rare
 * next to that, and it is what makes a number exist only together with its document.)
 */
export async function issueOfficialDocument(
  deps: IssueDeps,
  actor: Actor,
  request: IssueOfficialDocument,
): Promise<OfficialDocumentIssued> {
  authorize(actor, 'document.issue');
  const valid = validate(request, deps.clock());
  if (valid.docType === 'rectification_order') {
    const deadline = (valid.content as { deadline: string }).deadline;
    const calendar = await createHolidayCalendarRepository(deps.db).load(deps.db, [
      Number(deadline.slice(0, 4)),
    ]);
    const problem = deadlineDayProblem(calendar, deadline, '/body/content/deadline');
    if (problem) rejectFields([problem]);
  }
  const issuer = await resolveIssuer(deps.documents, actor, request.enterpriseId, actor.scope.city);
  return deps.db.transaction().execute((trx) => writeDocument(trx, deps, actor, valid, issuer));
}

/**
 * The same, inside the caller's transaction: a workflow (an enforcement case) issues its document
 * together with its own change, so that either both exist or neither does — and the number is
 * consumed only then. The caller has authorised its own action (an approver issues the 立案审批表
 * by approving, without `document.issue`); every lookup goes through `trx` (never the pool: PGlite
 * has one connection). `cityAgency` chooses the issuing bureau (default: the actor's scope).
 */
export async function issueOfficialDocumentIn(
  trx: Kysely<DB>,
  deps: Omit<IssueDeps, 'db' | 'documents'>,
  actor: Actor,
  request: IssueOfficialDocument,
  options: { cityAgency?: boolean } = {},
): Promise<OfficialDocumentIssued> {
  const valid = validate(request, deps.clock());
  const documents = createOfficialDocumentRepository(trx);
  const issuer = await resolveIssuer(
    documents,
    actor,
    request.enterpriseId,
    options.cityAgency ?? actor.scope.city,
  );
  return writeDocument(trx, { ...deps, documents }, actor, valid, issuer);
}
