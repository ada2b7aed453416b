import type {
  AnswerInspectionChecklist,
  Inspection,
  InspectionChecklist,
  InspectionPartners,
  RecordFinding,
  StartInspection,
} from '@safegrid/contracts';
import { apiFetch, apiGet, apiUrl } from '../../shell/api';

/**
 * URLs of the inspection API (packages/contracts/src/inspections.ts) and the app's own routes for
 * inspections, in one place.
 */

const enc = encodeURIComponent;

export const INSPECTIONS_URL = '/api/enforcement/inspections';
export const INSPECTIONS_PATH = '/enforcement/inspections';
export const INSPECTION_NEW_PATH = `${INSPECTIONS_PATH}/new`;
/** How many inspections the list asks for (the API allows 1–100). */
export const INSPECTION_LIST_LIMIT = 50;

export const inspectionUrl = (id: string) => `${INSPECTIONS_URL}/${enc(id)}`;
export const inspectionPath = (id: string) => `${INSPECTIONS_PATH}/${enc(id)}`;
export const inspectionNewPath = (enterpriseId?: string | null) =>
  apiUrl(INSPECTION_NEW_PATH, { enterpriseId });

/** Mine (the caller takes part) or all the caller's scope covers. */
export function inspectionListUrl(query: { mine: boolean; limit?: number }): string {
  return apiUrl(INSPECTIONS_URL, {
    mine: query.mine ? 'true' : undefined,
    limit: query.limit ?? INSPECTION_LIST_LIMIT,
  });
}

export const partnersUrl = (enterpriseId: string) => apiUrl(`${INSPECTIONS_URL}/partners`, { enterpriseId });

export function fetchInspection(id: string, signal?: AbortSignal): Promise<Inspection> {
  return apiGet<Inspection>(inspectionUrl(id), { signal });
}

export function fetchPartners(enterpriseId: string, signal?: AbortSignal): Promise<InspectionPartners> {
  return apiGet<InspectionPartners>(partnersUrl(enterpriseId), { signal });
}

export function startInspection(body: StartInspection): Promise<Inspection> {
  return apiFetch<Inspection>(INSPECTIONS_URL, { method: 'POST', json: body });
}

export function recordFinding(id: string, body: RecordFinding): Promise<Inspection> {
  return apiFetch<Inspection>(`${inspectionUrl(id)}/findings`, { method: 'POST', json: body });
}

export function completeInspection(id: string, version: number): Promise<Inspection> {
  return apiFetch<Inspection>(`${inspectionUrl(id)}/complete`, { method: 'POST', json: { version } });
}

/**
 * The multipart body of an evidence upload: the fields first (a streaming parser sees them
 * before the file), then the file.
 */
export function evidenceForm(file: Blob, fileName: string, capturedAt: string, findingSeq: number | null) {
  const form = new FormData();
  form.append('capturedAt', capturedAt);
  if (findingSeq !== null) form.append('findingSeq', String(findingSeq));
  form.append('file', file, fileName);
  return form;
}

export function uploadEvidence(id: string, body: FormData, signal?: AbortSignal): Promise<Inspection> {
  return apiFetch<Inspection>(`${inspectionUrl(id)}/evidence`, { method: 'POST', body, signal });
}

export const inspectionChecklistUrl = (id: string) => `${inspectionUrl(id)}/checklist`;

export function fetchInspectionChecklist(id: string, signal?: AbortSignal): Promise<InspectionChecklist> {
  return apiGet<InspectionChecklist>(inspectionChecklistUrl(id), { signal });
}

export function answerInspectionChecklist(
  id: string,
  body: AnswerInspectionChecklist,
): Promise<InspectionChecklist> {
  return apiFetch<InspectionChecklist>(inspectionChecklistUrl(id), { method: 'PUT', json: body });
}
