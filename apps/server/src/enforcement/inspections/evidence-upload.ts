import { EVIDENCE_MEDIA_TYPES } from '@safegrid/contracts';
import { AppError, rejectFields } from '../../errors';
import {
  cleanFileName,
  evidenceMediaType,
  EXTENSION_OF,
  type EvidenceMediaType,
} from '../../platform/files/evidence-media';
import type { EvidenceUpload } from '../../platform/files/evidence-upload-reader';

export type { EvidenceUpload };

export interface CheckedEvidence {
  bytes: Buffer;
  fileName: string;
  mediaType: EvidenceMediaType;
  capturedAt: Date;
  findingSeq: number | null;
}

/** A capture time may run ahead of the server's clock by this much (device clocks drift). */
export const CAPTURE_CLOCK_SKEW_MS = 5 * 60_000;
/** …and lie at most this long before the inspection started (photos taken on the way in). */
export const CAPTURE_BEFORE_START_MS = 24 * 60 * 60_000;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const SEQ = /^[1-9][0-9]{0,4}$/;

/** Judges an upload against the inspection's state; the first problem names the error. */
export function checkEvidenceUpload(
  upload: EvidenceUpload,
  context: { now: Date; startedAt: Date; findingCount: number; maxBytes: number },
): CheckedEvidence {
  const { file, fields } = upload;
  if (!file)
    throw new AppError('inspection.evidence_missing', {}, [
      { pointer: '/body/file', code: 'inspection.evidence_missing' },
    ]);
  if (file.truncated || file.bytes.length > context.maxBytes) {
    throw new AppError('inspection.evidence_too_large', { limit: context.maxBytes }, [
      { pointer: '/body/file', code: 'inspection.evidence_too_large', params: { limit: context.maxBytes } },
    ]);
  }
  if (file.bytes.length === 0) {
    rejectFields([{ pointer: '/body/file', code: 'inspection.evidence_empty' }]);
  }
  const mediaType = evidenceMediaType(file.bytes, file.declaredType);
  if (!mediaType) {
    rejectFields([
      {
        pointer: '/body/file',
        code: 'inspection.evidence_type_invalid',
        params: { accepted: EVIDENCE_MEDIA_TYPES.join(', ') },
      },
    ]);
  }

  const capturedText = fields.capturedAt?.trim() ?? '';
  const capturedAt = new Date(capturedText);
  if (!DATE_TIME.test(capturedText) || Number.isNaN(capturedAt.getTime())) {
    rejectFields([{ pointer: '/body/capturedAt', code: 'inspection.captured_at_invalid' }]);
  }
  if (capturedAt.getTime() > context.now.getTime() + CAPTURE_CLOCK_SKEW_MS) {
    rejectFields([{ pointer: '/body/capturedAt', code: 'inspection.captured_in_future' }]);
  }
  if (capturedAt.getTime() < context.startedAt.getTime() - CAPTURE_BEFORE_START_MS) {
    rejectFields([{ pointer: '/body/capturedAt', code: 'inspection.captured_too_early' }]);
  }

  let findingSeq: number | null = null;
  const seqText = fields.findingSeq?.trim() ?? '';
  if (seqText !== '') {
    const seq = SEQ.test(seqText) ? Number(seqText) : NaN;
    if (!(seq >= 1 && seq <= context.findingCount)) {
      rejectFields([
        {
          pointer: '/body/findingSeq',
          code: 'inspection.finding_unknown',
          params: { findingSeq: seqText.slice(0, 20) },
        },
      ]);
    }
    findingSeq = seq;
  }

  return {
    bytes: file.bytes,
    fileName: cleanFileName(file.fileName, `evidence.${EXTENSION_OF[mediaType]}`),
    mediaType,
    capturedAt,
    findingSeq,
  };
}
