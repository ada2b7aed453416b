import type {
  IssueOfficialDocument,
  OfficialDocumentIssued,
  OfficialDocumentVerification,
} from '@safegrid/contracts';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { issueOfficialDocument, type IssueDeps } from './issue-official-document';
import { presentVerification } from './official-document.presenter';

const CODE = /^[0-9a-f]{16}$/;

/** Official enforcement documents: issue, fetch the archived PDF, verify a printed one. */
export function createOfficialDocumentService(deps: IssueDeps) {
  const { documents } = deps;
  return {
    issue(actor: Actor, request: IssueOfficialDocument): Promise<OfficialDocumentIssued> {
      return issueOfficialDocument(deps, actor, request);
    },

    /** The PDF exactly as issued (the archive's bytes, not a re-rendering). */
    async pdf(actor: Actor, id: string): Promise<{ number: string; pdf: Buffer; sha256: string }> {
      authorize(actor, 'document.read');
      const row = await documents.pdfInScope(id, actor.scope);
      if (!row) throw notFound('official_document', id);
      return { number: row.number, pdf: Buffer.from(row.pdf), sha256: row.sha256 };
    },

    /** Anyone may ask: an unknown (or malformed) code is a plain 404. */
    async verify(code: string): Promise<OfficialDocumentVerification> {
      const normalised = code.trim().toLowerCase();
      const row = CODE.test(normalised) ? await documents.byVerificationCode(normalised) : undefined;
      if (!row) throw notFound('official_document', code);
      return presentVerification(row);
    },
  };
}

export type OfficialDocumentService = ReturnType<typeof createOfficialDocumentService>;
