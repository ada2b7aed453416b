import { createHash } from 'node:crypto';
import type { EVIDENCE_MEDIA_TYPES } from '@safegrid/contracts';

export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** The SHA-256 every stored evidence file (photo, PDF, tip) is kept and served with, as hex. */
export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The media type the file's first bytes say it is (its "magic number"), or null when it is none
 * of the accepted kinds. The declared type of an upload is the client's word; this is the file's.
 */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceMediaType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** Declared types that name no particular kind: the sniffed type decides alone. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream']);
const ALIASES: Record<string, EvidenceMediaType> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

/**
 * The type to store: the sniffed one, provided the client declared the same (or nothing
 * specific). A PNG sent as image/jpeg, or a script sent as image/png, is refused.
 */
export function evidenceMediaType(bytes: Uint8Array, declared: string | undefined): EvidenceMediaType | null {
  const sniffed = sniffEvidenceType(bytes);
  if (!sniffed) return null;
  const normalised = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (GENERIC_TYPES.has(normalised)) return sniffed;
  return (ALIASES[normalised] ?? normalised) === sniffed ? sniffed : null;
}

export const EXTENSION_OF: Record<EvidenceMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** The client's file name without any path, control characters or excess length (display only). */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
  const clean = printable.trim().slice(0, 200);
  return clean || fallback;
}
