import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Navigate, useLocation } from 'react-router';
import { Spin } from 'antd';
import type { SessionInfo } from '@safegrid/contracts';
import type { Action } from '@safegrid/contracts/values';
import { ApiError, apiFetch, apiGet, setAuthProblemHandler, setCsrfToken } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { invalidateJurisdictionTree } from '../grid/jurisdiction/useJurisdictionTree';
import { can as sessionCan, guardRedirect, isPublicPath, signInPath } from './session';

export interface SessionContextValue {
  session: SessionInfo | null;
  /** Set when the session just ended (signed out, expired): where the guard sends the user. */
  exitTo: string | null;
  can(action: Action): boolean;
  /** After sign-in, the second factor or enrolment: the server's new view of the session. */
  setSession(session: SessionInfo | null, exitTo?: string | null): void;
  /** Asks the server again (e.g. after a stale CSRF token). */
  refresh(): Promise<SessionInfo | null>;
  signOut(): Promise<void>;
  signOutEverywhere(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

const isSignedOutProblem = (error: unknown) => error instanceof ApiError && error.status === 401;
const isNetworkProblem = (error: unknown) =>
  error instanceof ApiError && (error.status === 0 || error.code === 'client.network');

/** The last active session, kept for opening the installed app offline (no CSRF token kept). */
const OFFLINE_SESSION_KEY = 'safegrid.offlineSession';

function rememberOfflineSession(session: SessionInfo): void {
  try {
    if (session.stage !== 'active') return;
    localStorage.setItem(OFFLINE_SESSION_KEY, JSON.stringify({ ...session, csrfToken: '' }));
  } catch {
    // Storage full or disabled: the app just cannot open offline.
  }
}

function forgetOfflineSession(): void {
  try {
    localStorage.removeItem(OFFLINE_SESSION_KEY);
  } catch {
    // ignore
  }
}

function readOfflineSession(): SessionInfo | null {
  try {
    const raw = localStorage.getItem(OFFLINE_SESSION_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as SessionInfo;
    // Past its absolute end the session is gone anyway: sign in again when online.
    if (!session.user || Date.parse(session.absoluteExpiresAt) < Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

/**
 * Loads `/api/auth/session` once at start and keeps it: the CSRF token goes to the API client,
 * an ended session (any 401 `auth.required`/`auth.session_expired`) sends the user to sign-in
 * with a return path, and the route guard below keeps each stage on the pages it may see.
 * Must sit inside the router.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  // One state, so the session and where its end leads change in the same render.
  const [state, setState] = useState<{ session: SessionInfo | null; exitTo: string | null }>({
    session: null,
    exitTo: null,
  });
  const { session, exitTo } = state;
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const current = useRef<SessionInfo | null>(null);

  /** `exitTo`: where a route guard sends the user when this ends the session (else sign-in with next). */
  const setSession = useCallback((next: SessionInfo | null, exitTo: string | null = null) => {
    if (current.current?.user.id !== next?.user.id) invalidateJurisdictionTree(); // scopes differ per user
    current.current = next;
    setCsrfToken(next?.csrfToken || null);
    setState({ session: next, exitTo: next ? null : exitTo });
    if (next?.csrfToken) rememberOfflineSession(next);
    else if (!next) forgetOfflineSession();
  }, []);

  const refresh = useCallback(async () => {
    try {
      const info = await apiGet<SessionInfo>('/api/auth/session', { quietAuth: true });
      setSession(info);
      return info;
    } catch (error) {
      // No network at start (the installed app opened offline): the last session seen, without
      // its CSRF token, so the inspector's pages and their outbox work; refreshed when back online.
      const offline = isNetworkProblem(error) ? readOfflineSession() : null;
      if (offline) {
        setSession(offline);
        return offline;
      }
      if (isSignedOutProblem(error)) {
        // A cookie that outlived its session (reload after the idle timeout): say so on sign-in.
        const expired = error instanceof ApiError && error.code === 'auth.session_expired';
        const { pathname, search } = window.location;
        setSession(
          null,
          expired && !isPublicPath(pathname)
            ? signInPath({ next: `${pathname}${search}`, expired: true })
            : null,
        );
        return null;
      }
      throw error;
    }
  }, [setSession]);

  const start = useCallback(() => {
    setLoad({ status: 'loading' });
    refresh().then(
      () => setLoad({ status: 'ready' }),
      (error: unknown) => setLoad({ status: 'error', error }),
    );
  }, [refresh]);

  useEffect(() => start(), [start]);

  // Back online after starting offline: the real session (and a CSRF token for the outbox).
  useEffect(() => {
    const onOnline = () => {
      if (current.current && !current.current.csrfToken) refresh().catch(() => undefined);
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [refresh]);

  useEffect(() => {
    setAuthProblemHandler((kind) => {
      if (kind === 'expired') {
        const { pathname, search } = window.location;
        if (current.current === null && isPublicPath(pathname)) return;
        setSession(null, signInPath({ next: `${pathname}${search}`, expired: current.current !== null }));
      } else {
        // A second factor is due, or the CSRF token went stale: the server's session says what next.
        refresh().catch(() => undefined);
      }
    });
    return () => setAuthProblemHandler(null);
  }, [refresh, setSession]);

  const endSession = useCallback(
    async (url: string) => {
      try {
        await apiFetch<void>(url, { method: 'POST', quietAuth: true });
      } catch (error) {
        if (!isSignedOutProblem(error)) throw error;
      }
      setSession(null, signInPath());
    },
    [setSession],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      exitTo,
      can: (action) => sessionCan(session, action),
      setSession,
      refresh,
      signOut: () => endSession('/api/auth/sign-out'),
      signOutEverywhere: () => endSession('/api/auth/sign-out-everywhere'),
    }),
    [session, exitTo, setSession, refresh, endSession],
  );

  if (load.status === 'loading') {
    return (
      <div className="sg-center" data-testid="session-loading">
        <Spin size="large" />
      </div>
    );
  }
  if (load.status === 'error') {
    return (
      <div className="sg-auth-page">
        <div className="sg-auth-card">
          <ErrorAlert error={load.error} onRetry={start} />
        </div>
      </div>
    );
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession must be used inside <SessionProvider>');
  return context;
}

/** The signed-in session, for pages that the guard only shows to one. */
export function useSignedIn(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn used on a page shown without a session');
  return session;
}

/** Renders its children only where the session may be; otherwise redirects (see guardRedirect). */
export function SessionGuard({ children }: { children: ReactNode }) {
  const { session, exitTo } = useSession();
  const location = useLocation();
  const target =
    !session && exitTo && !isPublicPath(location.pathname)
      ? exitTo
      : guardRedirect(session, location.pathname, location.search);
  if (target !== null) return <Navigate to={target} replace />;
  return <>{children}</>;
}
