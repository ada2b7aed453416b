import { apiUrl } from '../../shell/api';

/** URLs of the patrol API (packages/contracts/src/patrols.ts) and the app's routes for patrols. */

const enc = encodeURIComponent;

export const PATROLS_URL = '/api/grid/patrols';
export const PATROLS_PATH = '/grid/patrols';
export const PATROL_TASKS_PATH = `${PATROLS_PATH}/tasks`;
export const PATROL_TASK_LIST_LIMIT = 50;

export type TaskRange = 'today' | 'week' | 'month';

export function myTasksUrl(range: TaskRange, position?: { lat: number; lon: number } | null): string {
  return apiUrl(`${PATROLS_URL}/my-tasks`, { range, lat: position?.lat, lon: position?.lon });
}

export const taskUrl = (id: string) => `${PATROLS_URL}/tasks/${enc(id)}`;
export const checkInUrl = (id: string) => `${taskUrl(id)}/check-in`;
export const checklistUrl = (id: string) => `${taskUrl(id)}/checklist`;
export const generateUrl = `${PATROLS_URL}/generate`;
export const taskPath = (id: string) => `${PATROL_TASKS_PATH}/${enc(id)}`;

export interface TaskListFilters {
  month: string;
  status: string;
}

export function taskListUrl(filters: TaskListFilters, after: string | null): string {
  return apiUrl(`${PATROLS_URL}/tasks`, {
    month: filters.month || undefined,
    status: filters.status || undefined,
    after,
    limit: PATROL_TASK_LIST_LIMIT,
  });
}
