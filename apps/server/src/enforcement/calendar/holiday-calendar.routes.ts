import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HolidayCalendarParams, HolidayCalendarYear, Problem, PutHolidayCalendar } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createHolidayCalendarRepository } from './holiday-calendar.repository';
import { createHolidayCalendarService } from './holiday-calendar.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem };

export async function holidayCalendarRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createHolidayCalendarService({
    db: opts.db,
    calendar: createHolidayCalendarRepository(opts.db),
    clock: opts.clock,
  });
  const tags = ['enforcement'];
  const path = '/enforcement/holiday-calendar/:year';

  app.get(
    path,
    {
      config: { access: 'holiday_calendar.read' },
      schema: {
        tags,
        summary: "A year's holidays and make-up working days (loaded: false → deadlines skip weekends only)",
        params: HolidayCalendarParams,
        response: { 200: HolidayCalendarYear, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.year),
  );

  app.put(
    path,
    {
      config: { access: 'holiday_calendar.manage' },
      schema: {
        tags,
        summary: "Replace a year's holidays and make-up working days, with the source notice",
        params: HolidayCalendarParams,
        body: PutHolidayCalendar,
        response: { 200: HolidayCalendarYear, ...errors },
      },
    },
    (request) => service.put(requireActor(request), request.params.year, request.body),
  );
}
