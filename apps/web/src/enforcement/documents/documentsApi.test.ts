import { describe, expect, it } from 'vitest';
import {
  DOCUMENTS_URL,
  DOCUMENT_NEW_PATH,
  VERIFY_PATH,
  documentNewPath,
  enterpriseSearchUrl,
  enterpriseUrl,
  verifyPagePath,
  verifyUrl,
} from './documentsApi';

describe('document API URLs and routes', () => {
  it('issue, verify and read enterprises at the server routes', () => {
    expect(DOCUMENTS_URL).toBe('/api/enforcement/documents');
    expect(verifyUrl('3f2a9c0d1b7e4a65')).toBe('/api/documents/verify/3f2a9c0d1b7e4a65');
    expect(verifyUrl('a/b')).toBe('/api/documents/verify/a%2Fb');
    expect(enterpriseUrl('12')).toBe('/api/enterprises/12');
  });

  it('search enterprises by a trimmed fragment within the API limit', () => {
    expect(enterpriseSearchUrl(' 宝安 ')).toBe(`/api/enterprises?q=${encodeURIComponent('宝安')}&limit=20`);
    expect(enterpriseSearchUrl('x'.repeat(60))).toBe(`/api/enterprises?q=${'x'.repeat(50)}&limit=20`);
  });

  it('build the pages', () => {
    expect(DOCUMENT_NEW_PATH).toBe('/enforcement/documents/new');
    expect(documentNewPath('12')).toBe('/enforcement/documents/new?enterpriseId=12');
    expect(documentNewPath()).toBe('/enforcement/documents/new');
    expect(VERIFY_PATH).toBe('/documents/verify');
    expect(verifyPagePath('3f2a9c0d1b7e4a65')).toBe('/documents/verify/3f2a9c0d1b7e4a65');
    expect(verifyPagePath('')).toBe('/documents/verify');
  });
});
