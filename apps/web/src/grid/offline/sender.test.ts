import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shell/api';
import { classifyFailure, conflictError, hazardPhotoForm } from './sender';

describe('classifyFailure', () => {
  it('retries later without an answer, on server errors and on session problems', () => {
    expect(classifyFailure(new ApiError({ code: 'client.network', status: 0 }))).toEqual({
      kind: 'retry',
      reason: 'network',
    });
    expect(classifyFailure(new TypeError('Failed to fetch'))).toEqual({ kind: 'retry', reason: 'network' });
    expect(classifyFailure(new ApiError({ code: 'internal', status: 503 }))).toEqual({
      kind: 'retry',
      reason: 'server',
    });
    expect(classifyFailure(new ApiError({ code: 'auth.required', status: 401 }))).toEqual({
      kind: 'retry',
      reason: 'auth',
    });
    expect(classifyFailure(new ApiError({ code: 'auth.csrf_invalid', status: 403 }))).toEqual({
      kind: 'retry',
      reason: 'auth',
    });
  });

  it('turns 409 and 422 (and other refusals) into conflicts with the server message', () => {
    expect(
      classifyFailure(
        new ApiError({
          code: 'hazard.version_stale',
          status: 409,
          detail: 'changed',
          params: { status: 'closed' },
        }),
      ),
    ).toEqual({
      kind: 'conflict',
      conflict: {
        status: 409,
        code: 'hazard.version_stale',
        detail: 'changed',
        params: { status: 'closed' },
      },
    });
    expect(classifyFailure(new ApiError({ code: 'patrol.location_implausible', status: 422 }))).toEqual({
      kind: 'conflict',
      conflict: { status: 422, code: 'patrol.location_implausible' },
    });
    expect(classifyFailure(new ApiError({ code: 'auth.forbidden', status: 403 })).kind).toBe('conflict');
  });

  it('turns a stored conflict back into an error for display', () => {
    const e = conflictError({ status: 409, code: 'hazard.transition_not_allowed', params: { x: true } });
    expect(e.code).toBe('hazard.transition_not_allowed');
    expect(e.status).toBe(409);
    expect(e.problem.params).toEqual({ x: 'true' });
  });
});

describe('hazardPhotoForm', () => {
  it('sends the fields before the file', () => {
    const form = hazardPhotoForm(
      new Blob(['x'], { type: 'image/jpeg' }),
      'a.jpg',
      '2026-12-01T01:00:00Z',
      'report',
      'cid',
    );
    expect([...form.keys()]).toEqual(['capturedAt', 'stage', 'clientId', 'file']);
    expect(form.get('stage')).toBe('report');
  });
});
