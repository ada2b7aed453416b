import type {
  DispatchDepartment,
  DispatchEventDetail,
  DispatchEventName,
  DispatchEventSummary,
} from '@safegrid/contracts';
import type { DispatchData } from './dispatch-data';
import { OPEN_STATUSES, type DispatchDetailRows, type DispatchListRow } from './dispatch.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored department id as shown; an id a later list no longer has still shows (as itself). */
export function departmentOf(data: DispatchData, id: string | null): DispatchDepartment | null {
  if (!id) return null;
  const entry = data.departments.get(id);
  return entry ? { id, name: entry.name, kind: entry.kind } : { id, name: id, kind: 'unknown' };
}

const isOverdue = (row: Pick<DispatchListRow, 'status' | 'step_due_at'>, now: Date) =>
  row.step_due_at !== null && row.step_due_at < now && OPEN_STATUSES.includes(row.status);

export function presentSummary(row: DispatchListRow, data: DispatchData, now: Date): DispatchEventSummary {
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    urgency: row.urgency,
    description: row.description,
    place: {
      gridId: row.grid_id,
      gridName: row.grid_name,
      communityId: row.community_id,
      streetId: row.street_id,
      streetName: row.street_name,
      districtId: row.district_id,
    },
    department: departmentOf(data, row.department),
    stepDueAt: iso(row.step_due_at),
    slaDueAt: iso(row.sla_due_at),
    overdue: isOverdue(row, now),
    createdAt: row.created_at.toISOString(),
  };
}

export function presentEvent(
  rows: DispatchDetailRows,
  data: DispatchData,
  now: Date,
  allowedEvents: DispatchEventName[],
): DispatchEventDetail {
  const { head, steps, supervision } = rows;
  return {
    ...presentSummary(head, data, now),
    location: head.lon !== null && head.lat !== null ? [head.lon, head.lat] : null,
    finder: head.finder_id ? { id: head.finder_id, displayName: head.finder_name ?? '' } : null,
    filedAt: iso(head.filed_at),
    closedAt: iso(head.closed_at),
    rating: head.rating,
    photoCount: Number(head.photo_count ?? 0),
    timeline: steps.map((s) => ({
      seq: s.seq,
      event: s.event,
      fromStatus: s.from_status,
      toStatus: s.to_status,
      note: s.note,
      department: departmentOf(data, s.department),
      rating: s.rating,
      actor: s.actor_name,
      at: s.at.toISOString(),
      dueAt: iso(s.due_at),
    })),
    supervision: supervision.map((v) => ({
      id: v.id,
      stepSeq: v.step_seq,
      status: v.status,
      dueAt: v.due_at.toISOString(),
      raisedAt: v.raised_at.toISOString(),
      resolvedAt: iso(v.resolved_at),
    })),
    allowedEvents,
    version: head.version,
  };
}
