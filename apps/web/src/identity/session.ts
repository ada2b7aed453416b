import type { SessionInfo } from '@safegrid/contracts';
import type { Action } from '@safegrid/contracts/values';
import { MENU, firstMenuRoute, visibleMenu } from '../shell/menu';

/** Pages anyone may open without a session. */
export const SIGN_IN_PATH = '/sign-in';
export const MFA_CHALLENGE_PATH = '/sign-in/2fa';
export const MFA_ENROL_PATH = '/account/2fa';
export const REGISTER_PATH = '/register';
export const ACCOUNT_PATH = '/account';

const PUBLIC_PATHS = new Set([SIGN_IN_PATH, REGISTER_PATH]);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(trimSlash(pathname));
}

function trimSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

export function can(session: SessionInfo | null | undefined, action: Action): boolean {
  return !!session && session.stage === 'active' && session.permissions.includes(action);
}

/**
 * Where a session starts: an enterprise account on its own enterprise (or the list when it has
 * several), everyone else on the map when they may read enterprises, else on the first section
 * the menu shows them, else on their account page.
 */
export function homePath(session: SessionInfo): string {
  const allowed = (action: Action) => can(session, action);
  if (session.user.role === 'enterprise' && allowed('enterprise.read')) {
    const only = session.user.enterprises.length === 1 ? session.user.enterprises[0] : undefined;
    return only ? `/enterprises/${encodeURIComponent(only.id)}` : '/enterprises';
  }
  if (allowed('enterprise.read')) return '/map';
  return firstMenuRoute(visibleMenu(MENU, allowed)) ?? ACCOUNT_PATH;
}

/**
 * A `next` return path is honoured only when it is a path of this app (no other origin, no
 * protocol-relative "//host", no bouncing back to the sign-in pages).
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  const pathname = next.split(/[?#]/)[0] ?? '';
  if (pathname === SIGN_IN_PATH || pathname.startsWith(`${SIGN_IN_PATH}/`)) return null;
  if (pathname === REGISTER_PATH) return null;
  return next;
}

export function withNext(path: string, next: string | null | undefined): string {
  const safe = safeNext(next);
  return safe && safe !== '/' ? `${path}?next=${encodeURIComponent(safe)}` : path;
}

/** The sign-in page, optionally saying the session ended and where to return afterwards. */
export function signInPath(options: { next?: string | null; expired?: boolean } = {}): string {
  const search = new URLSearchParams();
  if (options.expired) search.set('expired', '1');
  const safe = safeNext(options.next);
  if (safe && safe !== '/') search.set('next', safe);
  const qs = search.toString();
  return qs ? `${SIGN_IN_PATH}?${qs}` : SIGN_IN_PATH;
}

/**
 * The route guard: where a request for `pathname` (with `search`) must go instead, or null when
 * the session may see it. Unauthenticated → sign-in (remembering the path); a session waiting
 * for its code → the challenge; one that must enrol a second factor → enrolment; a full session
 * on a sign-in or registration page → where it came from or its home.
 */
export function guardRedirect(session: SessionInfo | null, pathname: string, search = ''): string | null {
  const path = trimSlash(pathname);
  const here = `${path}${search}`;
  const next = new URLSearchParams(search).get('next');
  if (!session) {
    if (isPublicPath(path)) return null;
    return signInPath({ next: here });
  }
  switch (session.stage) {
    case 'mfa_challenge':
      return path === MFA_CHALLENGE_PATH
        ? null
        : withNext(MFA_CHALLENGE_PATH, path === SIGN_IN_PATH ? next : here);
    case 'mfa_enrolment':
      return path === MFA_ENROL_PATH ? null : withNext(MFA_ENROL_PATH, path === SIGN_IN_PATH ? next : here);
    case 'active':
      if (path === SIGN_IN_PATH || path === MFA_CHALLENGE_PATH || path === REGISTER_PATH) {
        return safeNext(next) ?? homePath(session);
      }
      if (path === '/') return homePath(session);
      return null;
  }
}
