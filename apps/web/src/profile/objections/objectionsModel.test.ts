import { describe, expect, it } from 'vitest';
import type { GradeObjection } from '@safegrid/contracts';
import { EVIDENCE_MAX_BYTES } from '@safegrid/contracts/values';
import {
  addEvidenceFiles,
  declaredType,
  evidencePlan,
  filterCodecFor,
  formatSize,
  indicatorObjectionState,
  isObjectable,
  mayAddEvidence,
  mayDecide,
  nextUpload,
  objectionFieldFor,
  objectionsPagePath,
  objectionsPageUrl,
  pendingIndicators,
  pendingObjectionsUrl,
  READER_FILTERS,
  replaceObjection,
  retryItem,
  REVIEWER_FILTERS,
  statusColor,
  toFileObjectionBody,
  updateItem,
  uploadSummary,
  validateDecisionNote,
  validateObjectionForm,
  type EvidenceItem,
} from './objectionsModel';

const MB = 1024 * 1024;
const file = (name: string, type: string, size = 1000) => ({ name, type, size });

function objection(patch: Partial<GradeObjection> = {}): GradeObjection {
  return {
    id: '7',
    enterpriseId: '42',
    enterpriseName: '深圳市示例制造有限公司',
    indicatorId: 'drills12m',
    zh: '近12个月应急演练',
    en: 'Drills (12 months)',
    modelVersion: 'sz-2024.1',
    recordedValue: 0,
    claimedValue: 2,
    reason: '2 月已组织演练',
    status: 'pending',
    filedAt: '2025-03-01T02:00:00.000Z',
    decidedAt: null,
    decisionNote: null,
    evidence: [],
    ...patch,
  };
}

describe('which indicators may be objected to', () => {
  it('refuses the hazard indicators, as the server does', () => {
    for (const id of ['openHazards', 'overdueHazards', 'majorHazardsOpen', 'hazardsFound12m']) {
      expect(isObjectable(id)).toBe(false);
    }
    expect(isObjectable('drills12m')).toBe(true);
    expect(isObjectable('accidents36m')).toBe(true);
  });

  it('shows a pending objection to everyone, the action only to the enterprise', () => {
    const pending = new Set(['drills12m']);
    expect(indicatorObjectionState('drills12m', pending, true)).toBe('pending');
    expect(indicatorObjectionState('drills12m', pending, false)).toBe('pending');
    expect(indicatorObjectionState('accidents36m', pending, true)).toBe('objectable');
    expect(indicatorObjectionState('accidents36m', pending, false)).toBe('none');
    expect(indicatorObjectionState('openHazards', pending, true)).toBe('not_objectable');
    expect(indicatorObjectionState('openHazards', pending, false)).toBe('none');
  });

  it('collects the indicators with a pending objection', () => {
    const set = pendingIndicators([
      objection({ indicatorId: 'a' }),
      objection({ indicatorId: 'b', status: 'rejected' }),
      objection({ indicatorId: 'c', status: 'accepted' }),
    ]);
    expect([...set]).toEqual(['a']);
  });
});

describe('the objection form', () => {
  const ok = { claimedValue: 2, reason: ' 已于 2 月、5 月组织应急演练 ', evidenceCount: 2 };

  it('accepts a whole claim other than the recorded value with a reason', () => {
    expect(validateObjectionForm(ok, 0)).toEqual({});
    expect(toFileObjectionBody('drills12m', ok)).toEqual({
      indicatorId: 'drills12m',
      claimedValue: 2,
      reason: '已于 2 月、5 月组织应急演练',
    });
  });

  it('keys each problem to its field', () => {
    expect(validateObjectionForm({ claimedValue: null, reason: '  ', evidenceCount: 6 }, 3)).toEqual({
      claimedValue: { key: 'form.required' },
      reason: { key: 'form.required' },
      evidence: { key: 'objections.form.tooManyFiles', params: { max: 5 } },
    });
    expect(validateObjectionForm({ ...ok, claimedValue: 0 }, 0)).toEqual({
      claimedValue: { key: 'objections.form.claimUnchanged' },
    });
    expect(validateObjectionForm({ ...ok, claimedValue: -1 }, 3).claimedValue?.key).toBe(
      'objections.form.claimInvalid',
    );
    expect(validateObjectionForm({ ...ok, claimedValue: 1.5 }, 3).claimedValue?.key).toBe(
      'objections.form.claimInvalid',
    );
    expect(validateObjectionForm({ ...ok, claimedValue: 2_000_000 }, 3).claimedValue?.key).toBe(
      'objections.form.claimInvalid',
    );
    expect(validateObjectionForm({ ...ok, reason: 'x'.repeat(1001) }, 3)).toEqual({
      reason: { key: 'objections.form.tooLong', params: { max: 1000 } },
    });
    // Surrounding spaces do not count towards the limit.
    expect(validateObjectionForm({ ...ok, reason: ` ${'x'.repeat(1000)} ` }, 3)).toEqual({});
  });

  it('requires the decision note', () => {
    expect(validateDecisionNote('  ')).toEqual({ note: { key: 'form.required' } });
    expect(validateDecisionNote('x'.repeat(1001))).toEqual({
      note: { key: 'objections.form.tooLong', params: { max: 1000 } },
    });
    expect(validateDecisionNote('材料属实')).toEqual({});
  });

  it('maps server error pointers to fields', () => {
    expect(objectionFieldFor(['claimedValue'])).toBe('claimedValue');
    expect(objectionFieldFor(['reason'])).toBe('reason');
    expect(objectionFieldFor(['file'])).toBe('evidence');
    expect(objectionFieldFor(['note'])).toBe('note');
    expect(objectionFieldFor(['indicatorId'])).toBeUndefined();
    expect(objectionFieldFor([])).toBeUndefined();
  });
});

describe('evidence files', () => {
  it('sends PDFs and accepted images as they are, compresses large or other images, refuses the rest', () => {
    expect(evidencePlan(file('a.pdf', 'application/pdf', 2 * MB))).toBe('send');
    expect(evidencePlan(file('a.pdf', 'application/pdf', EVIDENCE_MAX_BYTES + 1))).toBe('too_large');
    expect(evidencePlan(file('a.jpg', 'image/jpeg', EVIDENCE_MAX_BYTES))).toBe('send');
    expect(evidencePlan(file('a.png', 'image/png', 9 * MB))).toBe('compress');
    expect(evidencePlan(file('a.heic', 'image/heic', MB))).toBe('compress');
    expect(evidencePlan(file('a.docx', 'application/msword'))).toBe('unsupported');
    expect(evidencePlan(file('noext', ''))).toBe('unsupported');
  });

  it('formats sizes', () => {
    expect(formatSize(10)).toBe('1 KB');
    expect(formatSize(820 * 1024)).toBe('820 KB');
    expect(formatSize(1.44 * MB)).toBe('1.4 MB');
  });

  it('guesses the type from the name when the browser gives none', () => {
    expect(declaredType(file('证明.PDF', ''))).toBe('application/pdf');
    expect(declaredType(file('x.webp', ''))).toBe('image/webp');
    expect(declaredType(file('x.jpg', 'image/png'))).toBe('image/png');
    expect(evidencePlan(file('证明.pdf', ''))).toBe('send');
  });

  it('adds at most five files counting those already stored, and says why others are refused', () => {
    let n = 0;
    const key = () => `k${++n}`;
    const picked = [
      file('1.pdf', 'application/pdf'),
      file('x.exe', 'application/x-msdownload'),
      file('2.jpg', 'image/jpeg'),
      file('big.pdf', 'application/pdf', 6 * MB),
      file('3.png', 'image/png'),
      file('4.png', 'image/png'),
    ];
    const { items, refused } = addEvidenceFiles([], picked, 2, key);
    expect(items.map((i) => [i.name, i.plan, i.status])).toEqual([
      ['1.pdf', 'send', 'waiting'],
      ['2.jpg', 'send', 'waiting'],
      ['3.png', 'send', 'waiting'],
    ]);
    expect(refused).toEqual([
      { name: 'x.exe', reason: 'unsupported' },
      { name: 'big.pdf', reason: 'too_large' },
      { name: '4.png', reason: 'limit' },
    ]);
  });

  it('uploads one file at a time, in order, and lets a failed one be retried', () => {
    const item = (key: string, status: EvidenceItem['status']): EvidenceItem => ({
      key,
      file: null,
      name: key,
      size: 1,
      plan: 'send',
      status,
    });
    let items = [item('a', 'done'), item('b', 'waiting'), item('c', 'waiting')];
    expect(nextUpload(items)?.key).toBe('b');
    items = updateItem(items, 'b', { status: 'uploading' });
    expect(nextUpload(items)).toBeUndefined();
    expect(uploadSummary(items)).toEqual({ total: 3, done: 1, failed: 0, busy: true });
    items = updateItem(items, 'b', { status: 'failed', error: 'x' });
    expect(nextUpload(items)?.key).toBe('c');
    items = updateItem(items, 'c', { status: 'done' });
    expect(uploadSummary(items)).toEqual({ total: 3, done: 2, failed: 1, busy: false });
    items = retryItem(items, 'b');
    expect(items[1]).toMatchObject({ status: 'waiting', error: undefined });
    expect(nextUpload(items)?.key).toBe('b');
  });
});

describe('statuses and who may act', () => {
  it('colours the statuses', () => {
    expect(statusColor('pending')).toBe('gold');
    expect(statusColor('accepted')).toBe('green');
    expect(statusColor('rejected')).toBe('default');
  });

  it('lets a reviewer decide a pending objection only', () => {
    expect(mayDecide(objection(), true)).toBe(true);
    expect(mayDecide(objection(), false)).toBe(false);
    expect(mayDecide(objection({ status: 'accepted' }), true)).toBe(false);
  });

  it('lets the enterprise add evidence to its pending objection below the limit', () => {
    const ev = (id: string) => ({
      id,
      fileName: `${id}.pdf`,
      mediaType: 'application/pdf' as const,
      sizeBytes: 1,
      sha256: 'x',
      uploadedAt: '2025-03-01T02:00:00.000Z',
    });
    expect(mayAddEvidence(objection(), true)).toBe(true);
    expect(mayAddEvidence(objection(), false)).toBe(false);
    expect(mayAddEvidence(objection({ status: 'rejected' }), true)).toBe(false);
    expect(mayAddEvidence(objection({ evidence: ['1', '2', '3', '4', '5'].map(ev) }), true)).toBe(false);
  });

  it('replaces a decided objection in the list', () => {
    const list = [objection({ id: '1' }), objection({ id: '2' })];
    const decided = objection({ id: '2', status: 'accepted' });
    expect(replaceObjection(list, decided).map((o) => o.status)).toEqual(['pending', 'accepted']);
  });
});

describe('list filters and URLs', () => {
  it('starts officers on the pending objections and everyone else on all', () => {
    expect(filterCodecFor(true)).toBe(REVIEWER_FILTERS);
    expect(filterCodecFor(false)).toBe(READER_FILTERS);
    expect(REVIEWER_FILTERS.parse(new URLSearchParams())).toEqual({ status: 'pending', enterpriseId: null });
    expect(READER_FILTERS.parse(new URLSearchParams())).toEqual({ status: 'all', enterpriseId: null });
  });

  it('parses the URL, ignoring what is not valid', () => {
    expect(REVIEWER_FILTERS.parse(new URLSearchParams('status=all&enterpriseId=42'))).toEqual({
      status: 'all',
      enterpriseId: '42',
    });
    expect(READER_FILTERS.parse(new URLSearchParams('status=bogus&enterpriseId=0x1'))).toEqual({
      status: 'all',
      enterpriseId: null,
    });
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(REVIEWER_FILTERS.toSearch({ status: 'pending', enterpriseId: null }).toString()).toBe('');
    expect(REVIEWER_FILTERS.toSearch({ status: 'all', enterpriseId: '42' }).toString()).toBe(
      'status=all&enterpriseId=42',
    );
    expect(READER_FILTERS.toSearch({ status: 'all', enterpriseId: null }).toString()).toBe('');
    expect(READER_FILTERS.toSearch({ status: 'rejected', enterpriseId: null }).toString()).toBe(
      'status=rejected',
    );
    for (const codec of [REVIEWER_FILTERS, READER_FILTERS]) {
      for (const filters of [
        { status: 'accepted' as const, enterpriseId: '9' },
        { status: 'all' as const, enterpriseId: null },
        { status: 'pending' as const, enterpriseId: null },
      ]) {
        expect(codec.parse(codec.toSearch(filters))).toEqual(filters);
      }
    }
  });

  it('builds the API URLs and links', () => {
    expect(objectionsPageUrl({ status: 'all', enterpriseId: null }, null)).toBe(
      '/api/profile/objections?limit=50',
    );
    expect(objectionsPageUrl({ status: 'pending', enterpriseId: '42' }, 'abc')).toBe(
      '/api/profile/objections?status=pending&enterpriseId=42&cursor=abc&limit=50',
    );
    expect(pendingObjectionsUrl('42')).toBe(
      '/api/profile/objections?status=pending&enterpriseId=42&limit=100',
    );
    expect(objectionsPagePath({ status: 'pending', enterpriseId: '42' })).toBe(
      '/profile/objections?status=pending&enterpriseId=42',
    );
    expect(objectionsPagePath({})).toBe('/profile/objections');
  });
});
