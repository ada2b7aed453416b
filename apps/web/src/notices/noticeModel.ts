import type { Notice } from '@safegrid/contracts';

/** The notices the bell shows: the latest few, newest first. */
export const NOTICE_PAGE = 10;
/** How often the bell asks again (a grade changes within seconds of its cause, not faster). */
export const NOTICE_POLL_MS = 60_000;

export const noticesUrl = `/api/notices?limit=${NOTICE_PAGE}`;
export const noticeReadUrl = (id: string) => `/api/notices/${encodeURIComponent(id)}/read`;
export const NOTICES_READ_ALL_URL = '/api/notices/read-all';

/** The badge: the count, capped for display, none when nothing is unread. */
export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** Where a notice leads: the enterprise's profile, where its grade is explained. */
export function noticeTarget(notice: Notice): string {
  return `/profile/enterprises/${encodeURIComponent(notice.enterpriseId)}`;
}

/** After reading one, the list and the count as the server will tell them next time. */
export function markedRead(state: { items: Notice[]; unread: number }, id: string) {
  const target = state.items.find((n) => n.id === id);
  if (!target || target.read) return state;
  return {
    items: state.items.map((n) => (n.id === id ? { ...n, read: true } : n)),
    unread: Math.max(0, state.unread - 1),
  };
}
