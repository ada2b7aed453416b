import type { FastifyRequest } from 'fastify';
import { EVIDENCE_MAX_BYTES } from '@safegrid/contracts';
import { AppError } from '../../errors';

/**
 * A multipart evidence upload (inspection evidence, hazard photos, rectification proof) as read
 * off the request, not yet judged: each module checks it against its own record's state.
 */
export interface EvidenceUpload {
  file: {
    bytes: Buffer;
    fileName: string | undefined;
    declaredType: string | undefined;
    truncated: boolean;
  } | null;
  fields: Record<string, string>;
}

// throwFileSizeLimit is read per call at run time, though the typings list it for file() only.
const PART_OPTIONS: Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit: boolean } = {
  limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5, fieldSize: 1000 },
  throwFileSizeLimit: false,
};

/**
 * Reads the multipart body: the part named `file` into memory (cut off just past the limit, so
 * a too-large file is reported, not buffered whole) and the text fields. A malformed body is a
 * 400, never a 500.
 */
export async function readEvidenceUpload(request: FastifyRequest): Promise<EvidenceUpload> {
  if (!request.isMultipart()) throw new AppError('request.unsupported_media_type');
  const upload: EvidenceUpload = { file: null, fields: {} };
  try {
    for await (const part of request.parts(PART_OPTIONS)) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') {
          upload.file = {
            bytes,
            fileName: part.filename,
            declaredType: part.mimetype,
            truncated: part.file.truncated,
          };
        }
      } else if (typeof part.value === 'string') {
        upload.fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const invalid = new AppError('request.invalid', {}, [{ pointer: '/body', code: 'body.malformed' }]);
    invalid.cause = error;
    throw invalid;
  }
  return upload;
}
