import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  apiFetch,
  apiUrl,
  authProblemKind,
  needsCsrfHeader,
  setApiLanguage,
  setAuthProblemHandler,
  setCsrfToken,
} from './api';

afterEach(() => {
  vi.unstubAllGlobals();
  setApiLanguage('zh-CN');
});

describe('apiUrl', () => {
  it('leaves out empty values', () => {
    expect(apiUrl('/api/x', { q: '五金', a: '', b: undefined, c: null, limit: 50 })).toBe(
      `/api/x?q=${encodeURIComponent('五金')}&limit=50`,
    );
    expect(apiUrl('/api/x')).toBe('/api/x');
  });
});

describe('apiFetch', () => {
  it('parses problem+json into an ApiError and sends Accept-Language', async () => {
    const fetchMock = vi.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response(
          JSON.stringify({
            code: 'enterprise.grid_unknown',
            status: 422,
            detail: 'x',
            params: { value: 'g1' },
          }),
          {
            status: 422,
            headers: { 'content-type': 'application/problem+json; charset=utf-8' },
          },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);
    setApiLanguage('en');
    const error = await apiFetch('/api/enterprises', { method: 'POST', json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('enterprise.grid_unknown');
    expect((error as ApiError).status).toBe(422);
    const init = fetchMock.mock.calls[0]![1]!;
    expect(new Headers(init.headers).get('accept-language')).toMatch(/^en/);
    expect(new Headers(init.headers).get('content-type')).toBe('application/json');
  });

  it('turns non-problem failures and network errors into client codes', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    await expect(apiFetch('/api/x')).rejects.toMatchObject({ code: 'client.http', status: 502 });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiFetch('/api/x')).rejects.toMatchObject({ code: 'client.network' });
  });

  it('returns JSON for accepted non-2xx statuses (health reports 503 with a body)', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ status: 'down' }, { status: 503 }));
    await expect(apiFetch('/api/health', { acceptStatuses: [503] })).resolves.toEqual({ status: 'down' });
  });
});

describe('CSRF and session problems', () => {
  afterEach(() => {
    setCsrfToken(null);
    setAuthProblemHandler(null);
  });

  it('sends the session token on writes only', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-1');
    await apiFetch('/api/users/1', { method: 'PATCH', json: { disabled: true } });
    await apiFetch('/api/auth/sign-out', { method: 'post' });
    await apiFetch('/api/users');
    await apiFetch('/api/users', { method: 'HEAD' });
    const sent = fetchMock.mock.calls.map((c) => new Headers(c[1]!.headers).get('x-csrf-token'));
    expect(sent).toEqual(['tok-1', 'tok-1', null, null]);
  });

  it('sends no token when signed out', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await apiFetch('/api/auth/sign-in', { method: 'POST', json: {} });
    expect(new Headers(fetchMock.mock.calls[0]![1]!.headers).has('x-csrf-token')).toBe(false);
  });

  it('classifies the problems that concern the session', () => {
    expect(needsCsrfHeader(undefined)).toBe(false);
    expect(needsCsrfHeader('delete')).toBe(true);
    expect(authProblemKind(401, 'auth.required')).toBe('expired');
    expect(authProblemKind(401, 'auth.session_expired')).toBe('expired');
    expect(authProblemKind(401, 'auth.invalid_credentials')).toBeNull();
    expect(authProblemKind(401, 'auth.mfa_invalid')).toBeNull();
    expect(authProblemKind(403, 'auth.mfa_required')).toBe('mfa');
    expect(authProblemKind(403, 'auth.csrf_invalid')).toBe('csrf');
    expect(authProblemKind(403, 'auth.forbidden')).toBeNull();
  });

  it('reports an ended session to the handler unless told to stay quiet', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ code: 'auth.session_expired', status: 401 }, { status: 401 }),
    );
    const handler = vi.fn();
    setAuthProblemHandler(handler);
    await expect(apiFetch('/api/enterprises')).rejects.toMatchObject({ code: 'auth.session_expired' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBe('expired');
    await expect(apiFetch('/api/auth/session', { quietAuth: true })).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
