import type {
  EnterpriseDetail,
  EnterprisePage,
  IssueOfficialDocument,
  OfficialDocumentIssued,
  OfficialDocumentVerification,
} from '@safegrid/contracts';
import { apiFetch, apiGet, apiUrl } from '../../shell/api';

/**
 * URLs of the official-document API (packages/contracts/src/documents.ts) and the app's own
 * routes for documents, in one place.
 */

const enc = encodeURIComponent;

export const DOCUMENTS_URL = '/api/enforcement/documents';
export const VERIFY_URL = '/api/documents/verify';

/** The issuing page (`?enterpriseId=` preselects the inspected unit). */
export const DOCUMENT_NEW_PATH = '/enforcement/documents/new';
/** The public verification page (no sign-in). */
export const VERIFY_PATH = '/documents/verify';

/** How many enterprises one search of the picker lists. */
export const ENTERPRISE_SEARCH_LIMIT = 20;
/** The enterprise search's `q` limit (EnterpriseSearchQuery). */
export const ENTERPRISE_QUERY_MAX = 50;

export const verifyUrl = (code: string) => `${VERIFY_URL}/${enc(code)}`;
export const verifyPagePath = (code: string) => (code ? `${VERIFY_PATH}/${enc(code)}` : VERIFY_PATH);
export const enterpriseUrl = (id: string) => `/api/enterprises/${enc(id)}`;

export function documentNewPath(enterpriseId?: string | null): string {
  return apiUrl(DOCUMENT_NEW_PATH, { enterpriseId });
}

/** Enterprises whose name (or credit code) contains the fragment, trimmed to the API's limit. */
export function enterpriseSearchUrl(q: string): string {
  return apiUrl('/api/enterprises', {
    q: q.trim().slice(0, ENTERPRISE_QUERY_MAX),
    limit: ENTERPRISE_SEARCH_LIMIT,
  });
}

export function searchEnterprises(q: string, signal?: AbortSignal): Promise<EnterprisePage> {
  return apiGet<EnterprisePage>(enterpriseSearchUrl(q), { signal });
}

export function fetchEnterprise(id: string, signal?: AbortSignal): Promise<EnterpriseDetail> {
  return apiGet<EnterpriseDetail>(enterpriseUrl(id), { signal });
}

export function issueDocument(body: IssueOfficialDocument): Promise<OfficialDocumentIssued> {
  return apiFetch<OfficialDocumentIssued>(DOCUMENTS_URL, { method: 'POST', json: body });
}

export function verifyDocument(code: string, signal?: AbortSignal): Promise<OfficialDocumentVerification> {
  return apiGet<OfficialDocumentVerification>(verifyUrl(code), { signal, quietAuth: true });
}
