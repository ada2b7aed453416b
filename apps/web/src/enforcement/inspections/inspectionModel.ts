import type {
  Inspection,
  InspectionEvidence,
  MajorHazardMatch,
  ProvisionMatch,
  RecordFinding,
  StartInspection,
} from '@safegrid/contracts';

/**
 * 现场检查 (on-site inspection): who may write, the requests the forms send, the checked matcher
 * suggestions, the photo's target size and capture time, the evidence of a finding. Pure: no
 * React, no antd, no DOM.
 */

import { INSPECTION_LIMITS } from '@safegrid/contracts/values';
export { INSPECTION_LIMITS };

/** Photos are compressed on the device: JPEG, longest side at most 1600 px, quality 0.8. */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;
export const PHOTO_TYPE = 'image/jpeg';

const ID = /^[1-9][0-9]{0,17}$/;
export const isId = (value: string | null | undefined): value is string => !!value && ID.test(value);

// ---- who may do what ----

export function isParticipant(inspection: Pick<Inspection, 'officers'>, userId: string): boolean {
  return inspection.officers.some((o) => o.id === userId);
}

/** Findings, photos and completion: an officer of this inspection, while it is in progress. */
export function canWrite(
  inspection: Pick<Inspection, 'officers' | 'status'>,
  userId: string,
  mayConduct: boolean,
): boolean {
  return mayConduct && inspection.status === 'in_progress' && isParticipant(inspection, userId);
}

// ---- starting ----

export interface StartValues {
  enterpriseId?: string;
  partnerId?: string;
  place?: string;
}

export function toStartRequest(values: StartValues): StartInspection {
  const place = (values.place ?? '').trim();
  return {
    enterpriseId: values.enterpriseId ?? '',
    partnerId: values.partnerId ?? '',
    ...(place ? { place } : {}),
  };
}

/** The form field a server field error of the start request belongs to (path below /body). */
export function startFieldFor(path: readonly string[]): keyof StartValues | undefined {
  if (path.length !== 1) return undefined;
  const [field] = path;
  return field === 'enterpriseId' || field === 'partnerId' || field === 'place' ? field : undefined;
}

// ---- recording a finding ----

/** Checking a suggestion adds its ref (once, at most the contract's 10); unchecking removes it. */
export function toggleRef(refs: readonly string[], ref: string, checked: boolean): string[] {
  if (!checked) return refs.filter((r) => r !== ref);
  if (refs.includes(ref) || refs.length >= INSPECTION_LIMITS.provisions) return [...refs];
  return [...refs, ref];
}

/**
 * The item of 令第10号 the officer may confirm: that of the first checked suggestion (in the
 * matcher's order) that meets one; null when no checked suggestion does.
 */
export function majorHazardOffer(
  suggestions: readonly ProvisionMatch[] | null,
  checked: readonly string[],
): MajorHazardMatch | null {
  for (const s of suggestions ?? []) {
    if (s.majorHazard && checked.includes(s.ref)) return s.majorHazard;
  }
  return null;
}

export interface FindingDraft {
  description: string;
  /** The refs of the checked suggestions, in the order checked. */
  checked: string[];
  /** The officer confirmed 认定为重大事故隐患 (applies to the current offer only). */
  majorHazardConfirmed: boolean;
  onTheSpotMeasure: string;
  /** Pre-filled from a failed checklist item: its id, provisions and 令第10号 item (if kept). */
  fromChecklist?: { itemId: string; provisionRefs: string[]; majorHazardRef: string | null };
}

export const emptyFindingDraft = (): FindingDraft => ({
  description: '',
  checked: [],
  majorHazardConfirmed: false,
  onTheSpotMeasure: '',
});

/** Multi-line text as the server keeps it: CR LF → LF, blank ends and trailing blanks gone. */
function block(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\s+|\s+$/g, '');
}

export function toRecordFinding(
  draft: FindingDraft,
  suggestions: readonly ProvisionMatch[] | null,
  version: number,
): RecordFinding {
  const offer = majorHazardOffer(suggestions, draft.checked);
  const measure = block(draft.onTheSpotMeasure);
  const preset = draft.fromChecklist;
  const refs = [...(preset?.provisionRefs ?? []), ...draft.checked];
  return {
    description: block(draft.description),
    provisionRefs: [...new Set(refs)].slice(0, INSPECTION_LIMITS.provisions),
    majorHazardRef: draft.majorHazardConfirmed && offer ? offer.ref : (preset?.majorHazardRef ?? null),
    ...(measure ? { onTheSpotMeasure: measure } : {}),
    ...(preset ? { checklistItemId: preset.itemId } : {}),
    version,
  };
}

// ---- evidence ----

/** The evidence of one finding (seq), or of the inspection as a whole (null), in order. */
export function evidenceFor(
  evidence: readonly InspectionEvidence[],
  findingSeq: number | null,
): InspectionEvidence[] {
  return evidence.filter((e) => e.findingSeq === findingSeq).sort((a, b) => a.seq - b.seq);
}

/** The item an upload added: in `after` but not in `before`, for that finding (the last one). */
export function addedEvidence(
  before: readonly InspectionEvidence[],
  after: readonly InspectionEvidence[],
  findingSeq: number | null,
): InspectionEvidence | null {
  const known = new Set(before.map((e) => e.seq));
  const added = after.filter((e) => !known.has(e.seq) && e.findingSeq === findingSeq);
  return added.sort((a, b) => b.seq - a.seq)[0] ?? null;
}

export const isImageEvidence = (e: Pick<InspectionEvidence, 'mediaType'>): boolean =>
  e.mediaType.startsWith('image/');

/**
 * The size a photo is drawn at: the longest side at most `maxSide`, the aspect kept, never
 * enlarged, at least 1 px each way. Invalid sizes give null (the photo cannot be drawn).
 */
export function photoTargetSize(
  width: number,
  height: number,
  maxSide: number = PHOTO_MAX_SIDE,
): { width: number; height: number; scaled: boolean } | null {
  if (!(width > 0) || !(height > 0) || !Number.isFinite(width) || !Number.isFinite(height)) return null;
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width: Math.round(width), height: Math.round(height), scaled: false };
  const scale = maxSide / longest;
  return {
    width: Math.max(1, Math.min(maxSide, Math.round(width * scale))),
    height: Math.max(1, Math.min(maxSide, Math.round(height * scale))),
    scaled: true,
  };
}

/** When the photo was taken: the file's `lastModified` (what a camera sets), else now. */
export function capturedAt(file: { lastModified?: number }, now: Date): string {
  const t = file.lastModified;
  if (typeof t === 'number' && Number.isFinite(t) && t > 0 && t <= now.getTime() + 5 * 60 * 1000) {
    return new Date(t).toISOString();
  }
  return now.toISOString();
}

/** The compressed photo's name: the original's with `.jpg` ("IMG_1.HEIC" → "IMG_1.jpg"). */
export function jpegName(name: string): string {
  const base = name.replace(/\.[^./\\]*$/, '').trim();
  return `${base || 'photo'}.jpg`;
}

/** A digest shortened for a narrow screen: first 8 … last 8 hex digits. */
export function shortDigest(sha256: string): string {
  return sha256.length > 20 ? `${sha256.slice(0, 8)}…${sha256.slice(-8)}` : sha256;
}

// ---- concurrency ----

/** A write refused because someone changed the inspection first (409, `*.version_stale`). */
export function isStaleVersion(status: number, code: string): boolean {
  return code.endsWith('.version_stale') || (status === 409 && code.startsWith('inspection.'));
}
