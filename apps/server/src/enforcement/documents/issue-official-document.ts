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
import { chinaDate } from './document-dates';
import type { DocumentLayout } from './document-layout';
import { formatDocumentNumber } from './document-number';
import { documentDefinition, prepareForm } from './document-types';
import { issuingAgency } from './issuing-agency';
import type { OfficialDocumentRepository } from './official-document.repository';
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

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

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
  const definition = documentDefinition(request.docType);
  if (!definition) {
    throw new AppError(
      'document.type_unknown',
      { docType: request.docType, known: OFFICIAL_DOCUMENT_TYPES.join(', ') },
      [{ pointer: '/body/docType', code: 'document.type_unknown' }],
    );
  }
  const docType = request.docType as OfficialDocumentType;

  const schemaIssues = schemaProblems(definition.schema, request.content);
  if (schemaIssues.length > 0) rejectFields(schemaIssues);
  const textIssues = textProblems(definition.schema, request.content);
  if (textIssues.length > 0) rejectFields(textIssues);
  const content = normaliseContent(request.content);
  const now = deps.clock();
  const today = chinaDate(now);
  const nowLocal = new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16);
  const ruleIssues = definition.check(content, today, nowLocal);
  if (ruleIssues.length > 0) rejectFields(ruleIssues);

  const enterprise = await deps.documents.enterpriseInScope(request.enterpriseId, actor.scope);
  if (!enterprise) throw notFound('enterprise', request.enterpriseId);
  const names = await deps.documents.jurisdictionNames(actor.scope.city ? null : enterprise.district_id);
  if (!names.city || (!actor.scope.city && !names.district)) {
    throw new Error(`No issuing agency for enterprise ${enterprise.id} (district ${enterprise.district_id})`);
  }
  const agency = issuingAgency(names.city, actor.scope.city ? null : names.district!);
  const form = prepareForm(definition.formType);
  const documentDate = definition.documentDate(content);
  const year = Number(documentDate.slice(0, 4));
  const render = deps.render ?? renderOfficialDocument;

  return deps.db.transaction().execute(async (trx) => {
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
  });
}
