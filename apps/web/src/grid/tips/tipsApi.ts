import type { SubmitTip, TipReceipt, TipStatus } from '@safegrid/contracts';
import { apiFetch, apiGet } from '../../shell/api';
import { tipFormParts } from './tipModel';

/** URLs of the public tip API (packages/contracts/src/dispatch.ts) and the app's tip pages. */

const enc = encodeURIComponent;

export const TIPS_URL = '/api/public/tips';
export const TIPS_PATH = '/tips';
export const TIP_NEW_PATH = '/tips/new';

export const tipStatusUrl = (code: string) => `${TIPS_URL}/${enc(code)}`;
export const tipStatusPath = (code: string) => `${TIPS_PATH}/${enc(code)}`;

/** JSON without photos, multipart (fields first, then `photo` parts) with them. */
export function submitTip(
  request: SubmitTip,
  photos: readonly { blob: Blob; fileName: string }[],
  signal?: AbortSignal,
): Promise<TipReceipt> {
  if (photos.length === 0) return apiFetch<TipReceipt>(TIPS_URL, { method: 'POST', json: request, signal });
  const form = new FormData();
  for (const [name, value] of tipFormParts(request, photos)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value.blob, value.fileName);
  }
  return apiFetch<TipReceipt>(TIPS_URL, { method: 'POST', body: form, signal });
}

export function fetchTipStatus(code: string, signal?: AbortSignal): Promise<TipStatus> {
  return apiGet<TipStatus>(tipStatusUrl(code), { signal });
}
