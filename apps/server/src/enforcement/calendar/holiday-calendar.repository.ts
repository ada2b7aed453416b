import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { HolidayCalendar, HolidayKind } from './working-days';

/** All SQL of the holiday calendar. Not scoped: the calendar is the same for everyone. */
export function createHolidayCalendarRepository(db: Kysely<DB>) {
  return {
    /** The calendar for these years, read through the caller's executor (a transaction or the pool). */
    async load(executor: Kysely<DB>, years: number[]): Promise<HolidayCalendar> {
      if (years.length === 0) return { days: new Map(), years: new Set() };
      const lo = Math.min(...years);
      const hi = Math.max(...years);
      const [yearRows, dayRows] = await Promise.all([
        executor
          .selectFrom('holiday_calendar_year')
          .select('year')
          .where('year', '>=', lo)
          .where('year', '<=', hi)
          .execute(),
        executor
          .selectFrom('holiday_calendar')
          .select(['day', 'kind', 'name'])
          .where('day', '>=', `${lo}-01-01`)
          .where('day', '<=', `${hi}-12-31`)
          .execute(),
      ]);
      return {
        years: new Set(yearRows.map((r) => r.year)),
        days: new Map(dayRows.map((r) => [r.day, { kind: r.kind, name: r.name }])),
      };
    },

    async year(year: number) {
      const [head, days] = await Promise.all([
        db.selectFrom('holiday_calendar_year').selectAll().where('year', '=', year).executeTakeFirst(),
        db
          .selectFrom('holiday_calendar')
          .select(['day', 'kind', 'name'])
          .where('day', '>=', `${year}-01-01`)
          .where('day', '<=', `${year}-12-31`)
          .orderBy('day')
          .execute(),
      ]);
      return { head, days };
    },

    /** Replaces a year's days (the caller's transaction). */
    async replaceYear(
      trx: Kysely<DB>,
      year: number,
      days: { day: string; kind: HolidayKind; name: string }[],
      source: string,
      userId: string,
      at: Date,
    ): Promise<void> {
      await trx
        .deleteFrom('holiday_calendar')
        .where('day', '>=', `${year}-01-01`)
        .where('day', '<=', `${year}-12-31`)
        .execute();
      if (days.length > 0) {
        await trx
          .insertInto('holiday_calendar')
          .values(days.map((d) => ({ ...d, source })))
          .execute();
      }
      await trx
        .insertInto('holiday_calendar_year')
        .values({ year, source, updated_by: userId, updated_at: at })
        .onConflict((oc) => oc.column('year').doUpdateSet({ source, updated_by: userId, updated_at: at }))
        .execute();
    },
  };
}

export type HolidayCalendarRepository = ReturnType<typeof createHolidayCalendarRepository>;
