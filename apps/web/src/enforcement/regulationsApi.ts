import type { MatchFindingRequest, MatchFindingResult } from '@safegrid/contracts';
import { apiFetch, apiUrl } from '../shell/api';

/** URLs of the regulation library API (packages/contracts/src/regulations.ts) in one place. */

const enc = encodeURIComponent;

export const REGULATIONS_URL = '/api/regulations';
export const MATCH_URL = '/api/regulations/match';

/** How many hits the library's search asks for (the API allows 1–50). */
export const SEARCH_LIMIT = 20;

export const regulationUrl = (id: string) => `${REGULATIONS_URL}/${enc(id)}`;
export const articleUrl = (id: string, number: number) => `${regulationUrl(id)}/articles/${number}`;

export function searchUrl(query: { q: string; lawId?: string; limit?: number }): string {
  return apiUrl(`${REGULATIONS_URL}/search`, {
    q: query.q.trim(),
    lawId: query.lawId,
    limit: query.limit ?? SEARCH_LIMIT,
  });
}

export function matchFinding(body: MatchFindingRequest, signal?: AbortSignal): Promise<MatchFindingResult> {
  return apiFetch<MatchFindingResult>(MATCH_URL, { method: 'POST', json: body, signal });
}
