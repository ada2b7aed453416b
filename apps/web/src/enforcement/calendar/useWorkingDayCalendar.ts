import { useEffect, useMemo, useState } from 'react';
import type { HolidayCalendarYear } from '@safegrid/contracts';
import { useSession } from '../../identity/SessionProvider';
import { fetchHolidayCalendar } from './holidayCalendarApi';
import { NO_CALENDAR, workingDayCalendar, type WorkingDayCalendar } from './workingDayModel';

/**
 * The holiday calendars of these years for a deadline form. Years not fetched (yet), not loaded,
 * failed or not readable by the session count weekends only — as the server does for unloaded
 * years; the server checks the deadline again either way.
 */
export function useWorkingDayCalendar(years: readonly number[]): WorkingDayCalendar {
  const { can } = useSession();
  const allowed = can('holiday_calendar.read');
  const wanted = years.join(',');
  const [fetched, setFetched] = useState<HolidayCalendarYear[] | null>(null);

  useEffect(() => {
    if (!allowed || wanted === '') return;
    const controller = new AbortController();
    void Promise.allSettled(
      wanted.split(',').map((y) => fetchHolidayCalendar(Number(y), controller.signal)),
    ).then((results) => {
      if (controller.signal.aborted) return;
      setFetched(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    });
    return () => controller.abort();
  }, [allowed, wanted]);

  // While other years are fetched, the years fetched before still count.
  return useMemo(() => (allowed && fetched ? workingDayCalendar(fetched) : NO_CALENDAR), [allowed, fetched]);
}
