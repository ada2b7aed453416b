import type {
  DecideObjectionBody,
  FileObjectionBody,
  GradeObjection,
  ObjectionEvidence,
} from '@safegrid/contracts';
import { apiFetch, apiGet } from '../../shell/api';
import { decisionUrl, fileObjectionUrl, objectionEvidenceUrl, objectionUrl } from './objectionsModel';

/**
 * The objection requests, through the shared client (Accept-Language, the session's CSRF token,
 * problem+json failures as ApiError).
 */

export function fileObjection(enterpriseId: string, body: FileObjectionBody): Promise<GradeObjection> {
  return apiFetch<GradeObjection>(fileObjectionUrl(enterpriseId), { method: 'POST', json: body });
}

export function getObjection(id: string, signal?: AbortSignal): Promise<GradeObjection> {
  return apiGet<GradeObjection>(objectionUrl(id), { signal });
}

/** One evidence file (multipart, field `file`), as the hazard and inspection photos are sent. */
export function uploadObjectionEvidence(
  id: string,
  file: Blob,
  fileName: string,
  signal?: AbortSignal,
): Promise<ObjectionEvidence> {
  const body = new FormData();
  body.append('file', file, fileName);
  return apiFetch<ObjectionEvidence>(objectionEvidenceUrl(id), { method: 'POST', body, signal });
}

export function decideObjection(id: string, body: DecideObjectionBody): Promise<GradeObjection> {
  return apiFetch<GradeObjection>(decisionUrl(id), { method: 'POST', json: body });
}
