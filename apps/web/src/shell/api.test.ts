import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, apiUrl, setApiLanguage } from './api';

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
