import { EVIDENCE_MAX_BYTES } from '@safegrid/contracts';
import { AppError, invalidRequest, rejectFields } from '../../errors';
import { cleanFileName, evidenceMediaType, EXTENSION_OF } from '../../platform/files/evidence-media';
import type { EvidenceUpload } from '../../platform/files/evidence-upload-reader';

/** Ledger photos are photographs: the PDF evidence elsewhere accepts is refused here. */
export const SPACE_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type SpacePhotoType = (typeof SPACE_PHOTO_TYPES)[number];
/** Enough for the space, each entry and the sign from a few sides; a ledger is not an album. */
export const SPACE_PHOTOS_MAX = 12;
export const SPACE_PHOTO_MAX_BYTES = EVIDENCE_MAX_BYTES;
export const CAPTION_MAX = 100;

export interface CheckedSpacePhoto {
  bytes: Buffer;
  fileName: string;
  mediaType: SpacePhotoType;
  caption: string;
}

/**
 * Judges an upload before anything is looked up: a file is there (400 otherwise), within the size
 * limit (413), not empty, by its bytes a JPEG, PNG or WebP whatever it claims (422), and the
 * caption short enough.
 */
export function checkSpacePhoto(upload: EvidenceUpload): CheckedSpacePhoto {
  const file = upload.file;
  if (!file) throw invalidRequest([{ pointer: '/body/file', code: 'space.photo_missing' }]);
  const caption = (upload.fields.caption ?? '').trim();
  if (caption.length > CAPTION_MAX) {
    throw invalidRequest([
      { pointer: '/body/caption', code: 'schema.maxLength', params: { limit: CAPTION_MAX } },
    ]);
  }
  if (file.truncated || file.bytes.length > SPACE_PHOTO_MAX_BYTES) {
    throw new AppError('space.photo_too_large', { limit: SPACE_PHOTO_MAX_BYTES }, [
      { pointer: '/body/file', code: 'space.photo_too_large', params: { limit: SPACE_PHOTO_MAX_BYTES } },
    ]);
  }
  if (file.bytes.length === 0) rejectFields([{ pointer: '/body/file', code: 'space.photo_empty' }]);
  const mediaType = evidenceMediaType(file.bytes, file.declaredType);
  if (!mediaType || !(SPACE_PHOTO_TYPES as readonly string[]).includes(mediaType)) {
    rejectFields([{ pointer: '/body/file', code: 'space.photo_type_invalid' }]);
  }
  const type = mediaType as SpacePhotoType;
  return {
    bytes: file.bytes,
    fileName: cleanFileName(file.fileName, `photo.${EXTENSION_OF[type]}`),
    mediaType: type,
    caption,
  };
}
