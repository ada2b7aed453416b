import { describe, expect, it } from 'vitest';
import {
  EMPTY_AUDIT_FILTERS,
  auditExportUrl,
  auditFiltersFromForm,
  auditFiltersToSearch,
  auditRange,
  auditUrl,
  dayEndIso,
  dayStartIso,
  parseAuditFilters,
  prettyJson,
  verificationView,
} from './auditModel';

describe('audit filters', () => {
  it('round-trip through the URL and drop invalid days', () => {
    const filters = parseAuditFilters(
      new URLSearchParams('actor=admin&fromDate=2025-02-30x&toDate=2025-03-02'),
    );
    expect(filters).toEqual({ ...EMPTY_AUDIT_FILTERS, actor: 'admin', toDate: '2025-03-02' });
    expect(auditFiltersToSearch(filters).toString()).toBe('actor=admin&toDate=2025-03-02');
    expect(auditFiltersFromForm({ actor: ' x ', action: undefined, fromDate: null })).toEqual({
      ...EMPTY_AUDIT_FILTERS,
      actor: 'x',
    });
  });

  it('turns days into an inclusive instant range', () => {
    const start = new Date(dayStartIso('2025-03-01'));
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2025, 2, 1, 0,
    ]);
    const end = new Date(dayEndIso('2025-03-01'));
    expect([end.getDate(), end.getHours(), end.getMinutes(), end.getMilliseconds()]).toEqual([
      1, 23, 59, 999,
    ]);
    expect(dayStartIso('')).toBe('');
    const swapped = auditRange({ fromDate: '2025-03-05', toDate: '2025-03-01' });
    expect(new Date(swapped.from).getDate()).toBe(1);
    expect(new Date(swapped.to).getDate()).toBe(5);
  });

  it('builds list and export URLs leaving out empty values', () => {
    expect(auditUrl({ ...EMPTY_AUDIT_FILTERS, action: 'auth.sign_in' }, null)).toBe(
      '/api/audit?action=auth.sign_in&limit=50',
    );
    expect(auditExportUrl(EMPTY_AUDIT_FILTERS)).toBe('/api/audit/export.csv');
    const url = new URL(auditExportUrl({ ...EMPTY_AUDIT_FILTERS, fromDate: '2025-01-01' }), 'http://x');
    expect(url.searchParams.get('from')).toBe(dayStartIso('2025-01-01'));
    expect(url.searchParams.has('to')).toBe(false);
  });
});

describe('audit display', () => {
  it('pretty-prints snapshots', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(undefined)).toBe('null');
    expect(prettyJson(null)).toBe('null');
  });

  it('summarises the chain verification', () => {
    expect(verificationView({ ok: true, checked: 12, firstBrokenSeq: null, reason: null })).toEqual({
      state: 'ok',
      checked: 12,
    });
    expect(verificationView({ ok: false, checked: 7, firstBrokenSeq: '42', reason: 'hash' })).toEqual({
      state: 'broken',
      checked: 7,
      seq: '42',
      reason: 'hash',
    });
  });
});
