import type { FastifyRequest } from 'fastify';
import { EVIDENCE_MAX_BYTES, TIP_LIMITS } from '@safegrid/contracts/values';
import { AppError } from '../../errors';

export interface TipPhotoUpload {
  bytes: Buffer;
  declaredType: string | undefined;
  truncated: boolean;
}

/** A tip as read off the request, not yet judged: text fields and the photo parts. */
export interface TipUpload {
  fields: Record<string, unknown>;
  photos: TipPhotoUpload[];
}

// One file more than allowed is read, so that "too many photos" is a clear answer of ours and not
// the plugin's generic limit error; beyond that the plugin stops the stream.
const PART_OPTIONS: Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit: boolean } = {
  limits: {
    fileSize: EVIDENCE_MAX_BYTES,
    files: TIP_LIMITS.photos + 1,
    fields: 8,
    fieldSize: 4000,
    parts: 16,
  },
  throwFileSizeLimit: false,
};

/**
 * Reads a tip: JSON (no photos) or multipart with the same fields and parts named `photo`. A body
 * announced as larger than the tip's limit is refused before a byte of it is read.
 */
export async function readTipUpload(request: FastifyRequest): Promise<TipUpload> {
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > TIP_LIMITS.bodyBytes) throw new AppError('request.body_too_large');
  if (!request.isMultipart()) {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new AppError('request.invalid', {}, [{ pointer: '/body', code: 'body.malformed' }]);
    }
    return { fields: body as Record<string, unknown>, photos: [] };
  }
  const upload: TipUpload = { fields: {}, photos: [] };
  try {
    for await (const part of request.parts(PART_OPTIONS)) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'photo') {
          throw new AppError('request.invalid', {}, [
            { pointer: `/body/${part.fieldname}`, code: 'tip.part_unknown' },
          ]);
        }
        upload.photos.push({ bytes, declaredType: part.mimetype, truncated: part.file.truncated });
      } else if (typeof part.value === 'string') {
        upload.fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') {
      throw new AppError('tip.too_many_photos', { max: TIP_LIMITS.photos });
    }
    const invalid = new AppError('request.invalid', {}, [{ pointer: '/body', code: 'body.malformed' }]);
    invalid.cause = error;
    throw invalid;
  }
  // Multipart carries text: the numbers are read here so that the one schema judges both forms.
  for (const key of ['lat', 'lon']) {
    const value = upload.fields[key];
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      upload.fields[key] = Number(value);
    }
  }
  return upload;
}
