import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { appendAudit, type AuditWho } from '../../platform/audit/audit-trail';
import { stepDeadline } from './dispatch-machine';
import type { DispatchData } from './dispatch-data';
import type { DispatchRepository } from './dispatch.repository';

export interface ReportAlarmEventOptions {
  alarmId: string;
  enterprise: {
    grid_id: string;
    community_id: string;
    street_id: string;
    district_id: string;
    lat: number;
    lon: number;
  };
  /** The officer's words when resolving the alarm: what is to be done on the street's side. */
  description: string;
  who: AuditWho & { actorName: string };
  now: Date;
}

/**
 * A confined-space alarm an officer resolves as "dispatched" lands at the enterprise's street as
 * an urgent dispatch event (source 'alarm'), inside the caller's transaction: the alarm is never
 * closed without its event, nor the event made twice (alarm_id is unique).
 */
export async function reportAlarmEvent(
  trx: Kysely<DB>,
  deps: { events: DispatchRepository; data: DispatchData },
  options: ReportAlarmEventOptions,
): Promise<string> {
  const { enterprise, now } = options;
  const id = await deps.events.insertEvent(
    trx,
    {
      source: 'alarm',
      urgency: 'urgent',
      description: options.description,
      lat: enterprise.lat,
      lon: enterprise.lon,
      grid_id: enterprise.grid_id,
      community_id: enterprise.community_id,
      street_id: enterprise.street_id,
      district_id: enterprise.district_id,
      finder_id: null,
      alarm_id: options.alarmId,
      step_due_at: stepDeadline('received', 'urgent', deps.data.sla, now),
      created_at: now,
    },
    { actorId: options.who.actorId, actorName: options.who.actorName },
  );
  await appendAudit(
    trx,
    options.who,
    {
      action: 'dispatch.reported',
      resourceType: 'dispatch_event',
      resourceId: id,
      after: { source: 'alarm', alarmId: options.alarmId, urgency: 'urgent', gridId: enterprise.grid_id },
    },
    now,
  );
  return id;
}
