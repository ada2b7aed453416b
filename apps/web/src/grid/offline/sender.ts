import type { HazardWriteResult, PatrolTaskWriteResult } from '@safegrid/contracts';
import { ApiError, apiFetch } from '../../shell/api';
import { checkInUrl, checklistUrl } from '../patrols/patrolsApi';
import { HAZARDS_URL, hazardPhotosUrl, hazardTransitionsUrl } from '../hazards/hazardsApi';
import type { QueueConflict, QueueItem, SendOutcome } from './queue';

/**
 * How a failed send is treated: no answer, a server error or a session to renew → stop and try
 * later; any other refusal (409 stale/not allowed, 422 implausible location, 400, 403, 404…) is
 * final for this item → a conflict the user sees.
 */
export function classifyFailure(error: unknown): SendOutcome {
  if (!(error instanceof ApiError)) return { kind: 'retry', reason: 'network' };
  const { status, code } = error;
  if (status === 0 || code === 'client.network') return { kind: 'retry', reason: 'network' };
  if (status === 401 || code === 'auth.csrf_invalid' || code === 'auth.mfa_required') {
    return { kind: 'retry', reason: 'auth' };
  }
  if (status >= 500 || status === 408 || status === 429 || code === 'client.bad_response') {
    return { kind: 'retry', reason: 'server' };
  }
  const problem = error.problem;
  const params: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(problem.params ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params[k] = v;
  }
  return {
    kind: 'conflict',
    conflict: {
      status,
      code,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(Object.keys(params).length > 0 ? { params } : {}),
    },
  };
}

/** The multipart body of a hazard photo: the fields first, then the file. */
export function hazardPhotoForm(
  blob: Blob,
  fileName: string,
  capturedAt: string,
  stage: string,
  clientId: string,
): FormData {
  const form = new FormData();
  form.append('capturedAt', capturedAt);
  form.append('stage', stage);
  form.append('clientId', clientId);
  form.append('file', blob, fileName);
  return form;
}

/** The HTTP side of the queue. */
export async function sendQueueItem(item: QueueItem, hazardId: string | undefined): Promise<SendOutcome> {
  const p = item.payload;
  try {
    switch (p.kind) {
      case 'checkIn': {
        const r = await apiFetch<PatrolTaskWriteResult>(checkInUrl(p.taskId), {
          method: 'POST',
          json: p.body,
        });
        return { kind: 'ok', serverId: r.task.id, response: r };
      }
      case 'checklist': {
        const r = await apiFetch<PatrolTaskWriteResult>(checklistUrl(p.taskId), {
          method: 'POST',
          json: p.body,
        });
        return { kind: 'ok', serverId: r.task.id, response: r };
      }
      case 'report': {
        const r = await apiFetch<HazardWriteResult>(HAZARDS_URL, { method: 'POST', json: p.body });
        return { kind: 'ok', serverId: r.hazard.id, response: r };
      }
      case 'photo': {
        const r = await apiFetch<unknown>(hazardPhotosUrl(hazardId ?? ''), {
          method: 'POST',
          body: hazardPhotoForm(p.blob, p.fileName, p.capturedAt, p.stage, item.clientId),
        });
        return { kind: 'ok', serverId: hazardId, response: r };
      }
      case 'transition': {
        const r = await apiFetch<HazardWriteResult>(hazardTransitionsUrl(hazardId ?? ''), {
          method: 'POST',
          json: { ...p.body, clientId: item.clientId },
        });
        return { kind: 'ok', serverId: r.hazard.id, response: r };
      }
    }
  } catch (error) {
    return classifyFailure(error);
  }
}

/** A stored conflict as an ApiError, so the UI localises it like any other problem. */
export function conflictError(c: Omit<QueueConflict, 'at'>): ApiError {
  return new ApiError({
    code: c.code,
    status: c.status,
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.params
      ? {
          params: Object.fromEntries(
            Object.entries(c.params).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]),
          ),
        }
      : {}),
  });
}
