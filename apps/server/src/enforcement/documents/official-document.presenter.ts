import type {
  OfficialDocumentIssued,
  OfficialDocumentType,
  OfficialDocumentVerification,
} from '@safegrid/contracts';
import { verificationPath, type CanonicalDocument } from './compose-official-document';

/** What leaves about an issued document; rows are never serialised. */
export function presentIssued(document: {
  id: string;
  canonical: CanonicalDocument;
  verificationCode: string;
  sha256: string;
}): OfficialDocumentIssued {
  const { canonical } = document;
  return {
    id: document.id,
    docType: canonical.docType,
    title: canonical.title,
    number: canonical.number,
    verificationCode: document.verificationCode,
    sha256: document.sha256,
    documentDate: canonical.documentDate,
    issuedAt: canonical.issuedAt,
    agency: canonical.agency,
    enterpriseId: canonical.enterprise.id,
    pdfUrl: `/api/enforcement/documents/${document.id}/pdf`,
    verifyUrl: verificationPath(document.verificationCode),
    legalUpdatesApplied: canonical.wording.legalUpdatesApplied,
    unverifiedWording: canonical.wording.unverifiedWording,
  };
}

/** The public answer to a verification code: the document's identity and digest, no content. */
export function presentVerification(row: {
  number: string;
  doc_type: string;
  title: string;
  document_date: string;
  issued_at: Date;
  agency_name: string;
  sha256: string;
}): OfficialDocumentVerification {
  return {
    number: row.number,
    docType: row.doc_type as OfficialDocumentType,
    title: row.title,
    documentDate: row.document_date,
    issuedAt: row.issued_at.toISOString(),
    agency: row.agency_name,
    sha256: row.sha256,
  };
}
