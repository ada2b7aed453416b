import type { Kysely } from 'kysely';
import type { HolidayCalendarYear, PutHolidayCalendar } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { rejectFields, type FieldProblem } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { isCalendarDate } from '../documents/document-dates';
import type { HolidayCalendarRepository } from './holiday-calendar.repository';

export interface HolidayCalendarDeps {
  db: Kysely<DB>;
  calendar: HolidayCalendarRepository;
  clock: () => Date;
}

/**
 * The holiday calendar as data: the city admin enters each year's 法定节假日 and 调休 working days
 * from the State Council's notice, with the notice as source. The platform ships none: it must not
 * guess the schedule.
 */
export function createHolidayCalendarService(deps: HolidayCalendarDeps) {
  const { db, calendar, clock } = deps;

  async function read(year: number): Promise<HolidayCalendarYear> {
    const { head, days } = await calendar.year(year);
    return {
      year,
      loaded: head !== undefined,
      days: days.map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
      source: head?.source ?? null,
      updatedAt: head ? head.updated_at.toISOString() : null,
    };
  }

  return {
    get(actor: Actor, year: number): Promise<HolidayCalendarYear> {
      authorize(actor, 'holiday_calendar.read');
      return read(year);
    },

    async put(actor: Actor, year: number, body: PutHolidayCalendar): Promise<HolidayCalendarYear> {
      authorize(actor, 'holiday_calendar.manage');
      const problems: FieldProblem[] = [];
      const seen = new Set<string>();
      body.days.forEach((d, i) => {
        if (!isCalendarDate(d.day) || Number(d.day.slice(0, 4)) !== year) {
          problems.push({
            pointer: `/body/days/${i}/day`,
            code: 'holiday_calendar.day_outside_year',
            params: { day: d.day, year },
          });
        } else if (seen.has(d.day)) {
          problems.push({
            pointer: `/body/days/${i}/day`,
            code: 'holiday_calendar.day_duplicate',
            params: { day: d.day },
          });
        }
        seen.add(d.day);
        if (d.name.trim() === '') problems.push({ pointer: `/body/days/${i}/name`, code: 'request.invalid' });
      });
      if (body.source.trim() === '') problems.push({ pointer: '/body/source', code: 'request.invalid' });
      if (problems.length > 0) rejectFields(problems);

      const now = clock();
      const days = [...body.days]
        .sort((a, b) => (a.day < b.day ? -1 : 1))
        .map((d) => ({ day: d.day, kind: d.kind, name: d.name.trim() }));
      await db.transaction().execute(async (trx) => {
        await calendar.replaceYear(trx, year, days, body.source.trim(), actor.userId, now);
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'holiday_calendar.replaced',
            resourceType: 'holiday_calendar',
            resourceId: String(year),
            after: { year, source: body.source.trim(), days },
          },
          now,
        );
      });
      return read(year);
    },
  };
}
