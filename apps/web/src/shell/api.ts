import type { ProblemLike } from './problem';

/**
 * Same-origin JSON client for /api. Every failure surfaces as an ApiError carrying a
 * problem+json body (synthesised for network failures and non-problem responses) so the UI
 * can localise it by code.
 */
export class ApiError extends Error {
  readonly status: number;
  constructor(readonly problem: ProblemLike) {
    super(problem.detail || problem.code);
    this.name = 'ApiError';
    this.status = problem.status ?? 0;
  }
  get code(): string {
    return this.problem.code;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

let acceptLanguage = 'zh-CN';

/** The shell calls this whenever the UI language changes; requests then carry Accept-Language. */
export function setApiLanguage(locale: string): void {
  acceptLanguage = locale === 'en' ? 'en, zh-CN;q=0.5' : 'zh-CN, en;q=0.5';
}

let csrfToken: string | null = null;

/** The session provider sets the signed-in session's token (null when signed out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every write made while signed in carries the session's CSRF token. */
export function needsCsrfHeader(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? 'GET').toUpperCase());
}

/**
 * What an API failure says about the session: 'expired' (401: signed out or timed out → the
 * sign-in page), 'mfa' (403: the session must pass a second factor first) or 'csrf' (403: the
 * token is stale → reload the session). Anything else is the page's own business.
 */
export type AuthProblemKind = 'expired' | 'mfa' | 'csrf';

export function authProblemKind(status: number, code: string): AuthProblemKind | null {
  if (status === 401 && (code === 'auth.required' || code === 'auth.session_expired')) return 'expired';
  if (status === 403 && code === 'auth.mfa_required') return 'mfa';
  if (status === 403 && code === 'auth.csrf_invalid') return 'csrf';
  return null;
}

type AuthProblemHandler = (kind: AuthProblemKind, error: ApiError) => void;
let authProblemHandler: AuthProblemHandler | null = null;

/** The session provider listens here to send the user back to sign-in when a session ends. */
export function setAuthProblemHandler(handler: AuthProblemHandler | null): void {
  authProblemHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds "/api/x?a=1" leaving out empty values, so URLs stay short and stable. */
export function apiUrl(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface ApiRequestInit extends Omit<RequestInit, 'body'> {
  /** JSON body; sets Content-Type. */
  json?: unknown;
  /** Raw body (FormData for uploads). */
  body?: BodyInit;
  /** Non-2xx statuses whose JSON body is still a normal answer (e.g. 503 from /api/health). */
  acceptStatuses?: readonly number[];
  /** Do not report auth problems to the session provider (the session check itself). */
  quietAuth?: boolean;
}

function isProblem(value: unknown): value is ProblemLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
  );
}

export async function apiFetch<T>(url: string, init: ApiRequestInit = {}): Promise<T> {
  const { json, acceptStatuses, headers, quietAuth, ...rest } = init;
  const requestHeaders = new Headers(headers);
  requestHeaders.set('Accept', 'application/json, application/problem+json');
  requestHeaders.set('Accept-Language', acceptLanguage);
  if (csrfToken && needsCsrfHeader(rest.method)) requestHeaders.set('x-csrf-token', csrfToken);
  let body = init.body;
  if (json !== undefined) {
    requestHeaders.set('Content-Type', 'application/json');
    body = JSON.stringify(json);
  }
  let response: Response;
  try {
    response = await fetch(url, { ...rest, headers: requestHeaders, body, credentials: 'same-origin' });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({ code: 'client.network', status: 0, detail: (error as Error).message });
  }
  if (response.status === 204) return undefined as T;
  const contentType = response.headers.get('content-type') ?? '';
  const isJson = contentType.includes('json');
  let payload: unknown = undefined;
  if (isJson) {
    try {
      payload = await response.json();
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError({ code: 'client.bad_response', status: response.status });
    }
  }
  if (response.ok || acceptStatuses?.includes(response.status)) {
    if (!isJson) throw new ApiError({ code: 'client.bad_response', status: response.status });
    return payload as T;
  }
  if (isProblem(payload)) {
    const error = new ApiError({ ...payload, status: payload.status ?? response.status });
    const kind = authProblemKind(response.status, error.code);
    if (kind && !quietAuth) authProblemHandler?.(kind, error);
    throw error;
  }
  throw new ApiError({ code: 'client.http', status: response.status, params: { status: response.status } });
}

export const apiGet = <T>(url: string, init: ApiRequestInit = {}) =>
  apiFetch<T>(url, { ...init, method: 'GET' });
