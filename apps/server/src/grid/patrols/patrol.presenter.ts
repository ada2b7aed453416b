import type { PatrolTask } from '@safegrid/contracts';
import type { PatrolTaskRow } from './patrol.repository';

/** Date columns arrive as text; a Date would only appear if a driver were configured otherwise. */
const day = (value: string | Date) => (typeof value === 'string' ? value : value.toISOString()).slice(0, 10);

/** The API's view of a task: a whitelist, so a column added to the table never leaks. */
export function presentTask(row: PatrolTaskRow): PatrolTask {
  const checkedIn =
    row.check_in_at !== null &&
    row.check_in_lat !== null &&
    row.check_in_lon !== null &&
    row.check_in_distance_m !== null;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    enterprise: {
      id: row.enterprise_id,
      name: row.enterprise_name,
      address: row.enterprise_address,
      lat: row.enterprise_lat,
      lon: row.enterprise_lon,
      gongmaoCategory: row.enterprise_category,
    },
    gridId: row.grid_id,
    inspector: { id: row.inspector_id, name: row.inspector_name },
    month: day(row.month).slice(0, 7),
    dueDate: day(row.due_date),
    note: row.note,
    checkIn: checkedIn
      ? {
          at: row.check_in_at!.toISOString(),
          lat: row.check_in_lat!,
          lon: row.check_in_lon!,
          distanceMetres: Math.round(row.check_in_distance_m!),
          outsideGeofence: row.outside_geofence === true,
        }
      : null,
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    failedItems: row.failed_items ?? [],
    version: row.version,
  };
}
