import { apiUrl } from '../../shell/api';

/** URLs of the hazard API (packages/contracts/src/hazards.ts) and the app's routes for hazards. */

const enc = encodeURIComponent;

export const HAZARDS_URL = '/api/grid/hazards';
export const HAZARDS_PATH = '/grid/hazards';
export const HAZARD_LIST_LIMIT = 50;

export const hazardUrl = (id: string) => `${HAZARDS_URL}/${enc(id)}`;
export const hazardTransitionsUrl = (id: string) => `${hazardUrl(id)}/transitions`;
export const hazardPhotosUrl = (id: string) => `${hazardUrl(id)}/photos`;
export const hazardPhotoUrl = (id: string, photoId: string) => `${hazardPhotosUrl(id)}/${enc(photoId)}`;
export const hazardPath = (id: string) => `${HAZARDS_PATH}/${enc(id)}`;

export interface HazardFilters {
  status: string;
  level: string;
  overdue: boolean;
  /** From a link (an enterprise's or a grid's page); shown as a removable tag. */
  enterpriseId: string;
  gridId: string;
}

export function hazardListUrl(filters: HazardFilters, after: string | null): string {
  return apiUrl(HAZARDS_URL, {
    status: filters.status || undefined,
    level: filters.level || undefined,
    overdue: filters.overdue ? 'true' : undefined,
    enterpriseId: filters.enterpriseId || undefined,
    gridId: filters.gridId || undefined,
    after,
    limit: HAZARD_LIST_LIMIT,
  });
}
