import type {
  Checklist,
  ChecklistItem,
  PatrolTask,
  PatrolTaskWriteResult,
  ReportHazard,
  SubmitChecklist,
} from '@safegrid/contracts';
import type { CHECKLIST_OUTCOMES } from '@safegrid/contracts/values';
import { GEOFENCE_RADIUS_METRES, HAZARD_LIMITS } from '@safegrid/contracts/values';
import type { QueueItem } from '../offline/queue';

/** Pure logic of the inspector's patrol pages (tested). */

export type Outcome = (typeof CHECKLIST_OUTCOMES)[number];
export type ChecklistAnswers = Record<string, { outcome?: Outcome; note?: string }>;
export type Position = { lat: number; lon: number };

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Position, b: Position): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Each stop's leg in visiting order: from where the inspector stands (when known) or from the
 * previous stop; the first stop without a position has no leg.
 */
export function routeLegs(
  tasks: readonly Pick<PatrolTask, 'enterprise'>[],
  start: Position | null,
): (number | null)[] {
  const legs: (number | null)[] = [];
  let from: Position | null = start;
  for (const t of tasks) {
    const at = { lat: t.enterprise.lat, lon: t.enterprise.lon };
    legs.push(from ? distanceMetres(from, at) : null);
    from = at;
  }
  return legs;
}

/** A distance for the screen: metres below 1 km (rounded to 10 m), else km with one decimal. */
export function formatDistance(metres: number): {
  key: 'patrol.metres' | 'patrol.kilometres';
  value: string;
} {
  if (metres < 1000) return { key: 'patrol.metres', value: String(Math.round(metres / 10) * 10) };
  return { key: 'patrol.kilometres', value: (metres / 1000).toFixed(1) };
}

/** The check-in's geofence verdict: beyond the radius from the registered location. */
export function geofenceWarning(checkIn: PatrolTask['checkIn']): { outside: boolean; radius: number } | null {
  if (!checkIn) return null;
  return { outside: checkIn.outsideGeofence, radius: GEOFENCE_RADIUS_METRES };
}

/** The calendar month in China (UTC+8) as YYYY-MM. */
export function chinaMonth(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3600 * 1000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The items not answered yet. */
export function unanswered(items: readonly ChecklistItem[], answers: ChecklistAnswers): string[] {
  return items.filter((i) => !answers[i.id]?.outcome).map((i) => i.id);
}

/** The check-list request: every item answered, notes trimmed (empty ones left out). */
export function toSubmitChecklist(
  checklist: Pick<Checklist, 'items'>,
  answers: ChecklistAnswers,
  clientId: string,
  at: Date,
): SubmitChecklist | null {
  if (checklist.items.length === 0 || unanswered(checklist.items, answers).length > 0) return null;
  return {
    clientId,
    at: at.toISOString(),
    results: checklist.items.map((item) => {
      const a = answers[item.id];
      const note = a?.note?.trim().slice(0, 500);
      return { itemId: item.id, outcome: a?.outcome as Outcome, ...(note ? { note } : {}) };
    }),
  };
}

/** The item's question in the UI language (the other one when missing). */
export function itemText(item: Pick<ChecklistItem, 'text'>, locale: string): string {
  const text = locale === 'en' ? item.text.en || item.text['zh-CN'] : item.text['zh-CN'] || item.text.en;
  return text;
}

/**
 * "Report hazard" from a failed item, pre-filled: the description is the item's question (and
 * the inspector's note), a 令第10号 item carries its ref (→ a major hazard).
 */
export function hazardDraftFromItem(
  task: Pick<PatrolTask, 'id' | 'enterprise'>,
  item: ChecklistItem,
  note: string | undefined,
  locale: string,
): Omit<ReportHazard, 'clientId' | 'foundAt'> {
  const question = itemText(item, locale);
  const extra = note?.trim();
  const description = (extra ? `${question}：${extra}` : question).slice(0, HAZARD_LIMITS.description);
  return {
    enterpriseId: task.enterprise.id,
    description,
    source: 'patrol',
    patrolTaskId: task.id,
    checklistItemId: item.id,
    ...(item.majorHazardRef ? { majorHazardRef: item.majorHazardRef } : {}),
  };
}

/** A hazard report from a free description (no check-list item). */
export function toReportHazard(
  draft: Omit<ReportHazard, 'clientId' | 'foundAt'>,
  clientId: string,
  foundAt: Date,
  position: Position | null,
  deadline: string | null,
): ReportHazard {
  return {
    ...draft,
    description: draft.description.trim(),
    clientId,
    foundAt: foundAt.toISOString(),
    ...(position ? { lat: position.lat, lon: position.lon } : {}),
    ...(deadline ? { deadline } : {}),
  };
}

/** What the queue still holds for a task: a check-in or check-list not yet answered by the server. */
export function queuedForTask(
  items: readonly QueueItem[],
  taskId: string,
): { checkIn: boolean; checklist: boolean } {
  let checkIn = false;
  let checklist = false;
  for (const i of items) {
    if (i.state !== 'pending') continue;
    if (i.payload.kind === 'checkIn' && i.payload.taskId === taskId) checkIn = true;
    if (i.payload.kind === 'checklist' && i.payload.taskId === taskId) checklist = true;
  }
  return { checkIn, checklist };
}

export function isTaskWriteResult(value: unknown): value is PatrolTaskWriteResult {
  return typeof value === 'object' && value !== null && 'task' in value;
}

/** May the inspector still check in / submit the check-list (as far as the task says)? */
export function taskSteps(task: Pick<PatrolTask, 'status'>): { canCheckIn: boolean; canSubmit: boolean } {
  return {
    canCheckIn: task.status === 'open',
    canSubmit: task.status === 'open' || task.status === 'checked_in',
  };
}
