import { HAZARD_PHOTO_STAGES } from '@safegrid/contracts/values';
import { AppError, invalidRequest, rejectFields, type FieldProblem } from '../../errors';
import { cleanFileName, evidenceMediaType, EXTENSION_OF } from '../../platform/files/evidence-media';
import type { EvidenceUpload } from '../../platform/files/evidence-upload-reader';

export type HazardPhotoStage = (typeof HAZARD_PHOTO_STAGES)[number];

/** Hazard photos are photographs: the PDF that inspection evidence accepts is refused here. */
export const HAZARD_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type HazardPhotoType = (typeof HAZARD_PHOTO_TYPES)[number];

/** A capture time may run ahead of the server's clock by this much (device clocks drift). */
export const CAPTURE_CLOCK_SKEW_MS = 5 * 60_000;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-fA-F-]{36}$/;

export interface PhotoFields {
  stage: HazardPhotoStage;
  clientId: string;
  capturedAt: Date;
}

export interface CheckedPhoto {
  bytes: Buffer;
  fileName: string;
  mediaType: HazardPhotoType;
}

/**
 * The form fields, read before anything is looked up: a field absent or malformed is a 400 (as a
 * JSON body failing its schema would be), every problem listed with its pointer.
 */
export function readPhotoFields(upload: EvidenceUpload, now: Date): PhotoFields {
  const { fields } = upload;
  const problems: FieldProblem[] = [];
  if (!upload.file) problems.push({ pointer: '/body/file', code: 'hazard.photo_missing' });
  const stage = fields.stage?.trim() ?? '';
  if (!(HAZARD_PHOTO_STAGES as readonly string[]).includes(stage)) {
    problems.push({ pointer: '/body/stage', code: 'hazard.photo_stage_invalid' });
  }
  const clientId = fields.clientId?.trim() ?? '';
  if (!UUID.test(clientId)) problems.push({ pointer: '/body/clientId', code: 'hazard.client_id_invalid' });
  const capturedText = fields.capturedAt?.trim() ?? '';
  const capturedAt = new Date(capturedText);
  if (!DATE_TIME.test(capturedText) || Number.isNaN(capturedAt.getTime())) {
    problems.push({ pointer: '/body/capturedAt', code: 'hazard.captured_at_invalid' });
  }
  if (problems.length > 0) throw invalidRequest(problems);
  if (capturedAt.getTime() > now.getTime() + CAPTURE_CLOCK_SKEW_MS) {
    rejectFields([{ pointer: '/body/capturedAt', code: 'hazard.captured_in_future' }]);
  }
  return { stage: stage as HazardPhotoStage, clientId: clientId.toLowerCase(), capturedAt };
}

/** The file itself: within the size limit, not empty, and by its bytes a JPEG, PNG or WebP image. */
export function checkPhotoFile(upload: EvidenceUpload, maxBytes: number): CheckedPhoto {
  const file = upload.file!;
  if (file.truncated || file.bytes.length > maxBytes) {
    throw new AppError('hazard.photo_too_large', { limit: maxBytes }, [
      { pointer: '/body/file', code: 'hazard.photo_too_large', params: { limit: maxBytes } },
    ]);
  }
  if (file.bytes.length === 0) rejectFields([{ pointer: '/body/file', code: 'hazard.photo_empty' }]);
  const mediaType = evidenceMediaType(file.bytes, file.declaredType);
  if (!mediaType || !(HAZARD_PHOTO_TYPES as readonly string[]).includes(mediaType)) {
    rejectFields([{ pointer: '/body/file', code: 'hazard.photo_type_invalid' }]);
  }
  const type = mediaType as HazardPhotoType;
  return {
    bytes: file.bytes,
    fileName: cleanFileName(file.fileName, `photo.${EXTENSION_OF[type]}`),
    mediaType: type,
  };
}
