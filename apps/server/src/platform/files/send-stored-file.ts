import type { FastifyReply } from 'fastify';
import { EXTENSION_OF, type EvidenceMediaType } from './evidence-media';

export interface StoredFile {
  mediaType: string;
  sha256: string;
  content: Buffer | Uint8Array;
}

/**
 * Sends a stored file (evidence, a photo, an archived PDF) byte for byte: its type, its SHA-256
 * for the receiver to check, no sniffing, no shared caching. `name` is the ASCII fallback stem
 * (`hazard-12-3`; the extension follows the type) and `originalName` the uploader's own name
 * (RFC 6266 `filename*`), when there is one.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: StoredFile,
  naming?: { name: string; originalName?: string },
) {
  if (naming) {
    const ext = EXTENSION_OF[file.mediaType as EvidenceMediaType] ?? 'bin';
    const utf8 = naming.originalName ? `; filename*=UTF-8''${encodeURIComponent(naming.originalName)}` : '';
    reply.header('content-disposition', `inline; filename="${naming.name}.${ext}"${utf8}`);
  }
  return reply
    .type(file.mediaType)
    .header('x-content-sha256', file.sha256)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.content);
}
