import { describe, expect, it } from 'vitest';
import { cleanFileName, evidenceMediaType, sniffEvidenceType } from './evidence-media';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
const WEBP = Buffer.from('RIFF\u0004\u0000\u0000\u0000WEBPVP8 ', 'latin1');
const PDF = Buffer.from('%PDF-1.7');

describe('evidence media types', () => {
  it('reads the type from the magic bytes', () => {
    expect(sniffEvidenceType(PNG)).toBe('image/png');
    expect(sniffEvidenceType(JPEG)).toBe('image/jpeg');
    expect(sniffEvidenceType(WEBP)).toBe('image/webp');
    expect(sniffEvidenceType(PDF)).toBe('application/pdf');
    expect(sniffEvidenceType(Buffer.from('RIFF\u0004\u0000\u0000\u0000WAVE', 'latin1'))).toBeNull();
    expect(sniffEvidenceType(Buffer.from('<svg/>'))).toBeNull();
    expect(sniffEvidenceType(Buffer.alloc(0))).toBeNull();
  });

  it('refuses a declared type that contradicts the bytes, accepts a generic or aliased one', () => {
    expect(evidenceMediaType(PNG, 'image/png')).toBe('image/png');
    expect(evidenceMediaType(PNG, 'image/jpeg')).toBeNull();
    expect(evidenceMediaType(JPEG, 'image/jpg')).toBe('image/jpeg');
    expect(evidenceMediaType(PDF, 'application/octet-stream')).toBe('application/pdf');
    expect(evidenceMediaType(PDF, undefined)).toBe('application/pdf');
    expect(evidenceMediaType(Buffer.from('hello'), 'image/png')).toBeNull();
  });

  it('keeps only the base name of a client file name, without control characters', () => {
    expect(cleanFileName('C:\\DCIM\\照片\u0000.jpg', 'x.jpg')).toBe('照片.jpg');
    expect(cleanFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(cleanFileName('  ', 'evidence.png')).toBe('evidence.png');
    expect(cleanFileName(undefined, 'evidence.png')).toBe('evidence.png');
  });
});
