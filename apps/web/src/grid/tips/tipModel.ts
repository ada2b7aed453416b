import type { SubmitTip } from '@safegrid/contracts';
import {
  DISPATCH_STATUSES,
  TIP_CODE_ALPHABET,
  TIP_CODE_LENGTH,
  TIP_LIMITS,
  type DispatchStatusValue,
} from '@safegrid/contracts/values';

/**
 * The public tip (群众举报) pages' pure logic: the form's checks, the request, the tracking code,
 * and what a refusal says. No DOM, no fetch (see `tipsApi.ts` and the pages).
 */

export const TIP_DESCRIPTION_MAX = TIP_LIMITS.description;
export const TIP_PHOTO_MAX = TIP_LIMITS.photos;
/** The contract's pattern for the optional contact phone. */
export const CONTACT_PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;
/** Coordinates are sent with 6 decimals (≈ 0.1 m): a retry sends exactly the same numbers. */
export const COORDINATE_DECIMALS = 6;

/**
 * Where the city roughly is (the map's own bounds): a point outside is refused here, before the
 * server's exact answer (422 `tip.outside_city`, which also covers points between grids).
 */
export const CITY_BOX = { south: 22.2, west: 113.55, north: 23.05, east: 114.85 } as const;

export interface TipPoint {
  lat: number;
  lon: number;
}

export interface TipDraft {
  description: string;
  point: TipPoint | null;
  contactPhone: string;
  photoCount: number;
}

/** The first thing that keeps the form from being sent (the order the form reads in). */
export type TipProblem =
  | 'descriptionRequired'
  | 'descriptionTooLong'
  | 'locationRequired'
  | 'locationOutside'
  | 'phoneInvalid'
  | 'tooManyPhotos';

export function roundCoordinate(value: number): number {
  const f = 10 ** COORDINATE_DECIMALS;
  return Math.round(value * f) / f;
}

export function inCityBox(point: TipPoint): boolean {
  return (
    point.lat >= CITY_BOX.south &&
    point.lat <= CITY_BOX.north &&
    point.lon >= CITY_BOX.west &&
    point.lon <= CITY_BOX.east
  );
}

/** Every problem of the draft, in form order (empty: it may be sent). */
export function tipProblems(draft: TipDraft): TipProblem[] {
  const problems: TipProblem[] = [];
  const description = draft.description.trim();
  if (description === '') problems.push('descriptionRequired');
  else if (description.length > TIP_DESCRIPTION_MAX) problems.push('descriptionTooLong');
  if (!draft.point) problems.push('locationRequired');
  else if (!inCityBox(draft.point)) problems.push('locationOutside');
  const phone = draft.contactPhone.trim();
  if (phone !== '' && !CONTACT_PHONE_PATTERN.test(phone)) problems.push('phoneInvalid');
  if (draft.photoCount > TIP_PHOTO_MAX) problems.push('tooManyPhotos');
  return problems;
}

/**
 * The tip's fields as the contract wants them: description trimmed, coordinates rounded, the
 * phone left out when blank. The same draft and `clientId` always give the same body, so a
 * retry after a lost answer is recognised by the server and gets the same tracking code.
 */
export function tipRequest(draft: TipDraft, clientId: string): SubmitTip {
  if (!draft.point) throw new Error('tipRequest: no point');
  const phone = draft.contactPhone.trim();
  return {
    clientId,
    description: draft.description.trim(),
    lat: roundCoordinate(draft.point.lat),
    lon: roundCoordinate(draft.point.lon),
    ...(phone ? { contactPhone: phone } : {}),
  };
}

/**
 * The multipart parts in order: the text fields first (the server reads them before the photos),
 * then one `photo` part per photo.
 */
export function tipFormParts(
  request: SubmitTip,
  photos: readonly { blob: Blob; fileName: string }[],
): [name: string, value: string | { blob: Blob; fileName: string }][] {
  const parts: [string, string | { blob: Blob; fileName: string }][] = [
    ['clientId', request.clientId],
    ['description', request.description],
    ['lat', String(request.lat)],
    ['lon', String(request.lon)],
  ];
  if (request.contactPhone) parts.push(['contactPhone', request.contactPhone]);
  for (const photo of photos) parts.push(['photo', photo]);
  return parts;
}

// ---- tracking codes ----

const CODE_CHARS = new Set(TIP_CODE_ALPHABET);

/**
 * A code as typed or pasted: spaces and dashes dropped (the page shows it in groups of four),
 * upper case. Letters a reader may confuse are kept as typed: the server's answer is a 404.
 */
export function normaliseTrackingCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Whether a normalised code can be one the platform gave (its length and alphabet). */
export function isTrackingCode(code: string): boolean {
  return code.length === TIP_CODE_LENGTH && [...code].every((c) => CODE_CHARS.has(c));
}

/** "ABCDEFGHJKMN" → "ABCD EFGH JKMN": easier to read out and copy by hand. */
export function groupTrackingCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

// ---- status ----

/** The public timeline's steps, oldest first, as the server sends them. */
export function sortedTimeline<T extends { at: string }>(timeline: readonly T[]): T[] {
  return [...timeline].sort((a, b) => a.at.localeCompare(b.at));
}

/** Whether the reporter's tip has come to an end (handled, closed or declined). */
export function isSettled(status: DispatchStatusValue): boolean {
  return status === 'not_filed' || status === 'closed' || status === 'evaluated';
}

export const isDispatchStatus = (value: string): value is DispatchStatusValue =>
  (DISPATCH_STATUSES as readonly string[]).includes(value);

// ---- refusals ----

export interface TipRefusal {
  /** Catalogue key of the sentence to show above the form, or null to use the problem's own. */
  key:
    | 'tip.refusal.outsideCity'
    | 'tip.refusal.rateLimited'
    | 'tip.refusal.tooLarge'
    | 'tip.refusal.conflict'
    | null;
  /** Minutes to wait (429), rounded up. */
  minutes?: number;
  /** A new clientId is needed before the next attempt (the old one belongs to another tip). */
  renewClientId: boolean;
  /** The answer may have been lost: sending again with the same clientId is safe. */
  retryable: boolean;
}

/** What a failed submission means for the reporter, by the problem's status and code. */
export function tipRefusal(
  status: number,
  code: string,
  params: Readonly<Record<string, unknown>> | undefined,
): TipRefusal {
  if (code === 'tip.outside_city')
    return { key: 'tip.refusal.outsideCity', renewClientId: false, retryable: false };
  if (status === 429 || code === 'request.rate_limited') {
    const seconds = Number(params?.['retryAfterSeconds']);
    const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 60;
    return { key: 'tip.refusal.rateLimited', minutes, renewClientId: false, retryable: false };
  }
  if (status === 413 || code === 'request.body_too_large' || code === 'tip.photo_too_large') {
    return { key: 'tip.refusal.tooLarge', renewClientId: false, retryable: false };
  }
  if (code === 'tip.client_id_conflict')
    return { key: 'tip.refusal.conflict', renewClientId: true, retryable: true };
  const retryable = status === 0 || status >= 500;
  return { key: null, renewClientId: false, retryable };
}

// ---- the form's id ----

/**
 * A UUID (v4) for the form: `crypto.randomUUID` where the page is a secure context, otherwise
 * built from `crypto.getRandomValues` (a phone opening the site over plain http on a LAN).
 */
export function newClientId(
  source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto,
): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
