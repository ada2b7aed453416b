import { describe, expect, it } from 'vitest';
import { DISPATCH_EVENTS, DISPATCH_LIMITS, DISPATCH_STATUSES } from '@safegrid/contracts/values';
import { readFileSync } from 'node:fs';
import { DISPATCH_URL, dispatchEventPath, dispatchEventUrl, dispatchListUrl } from './dispatchApi';
import {
  DISPATCH_DEPARTMENTS,
  DISPATCH_STATUS_COLORS,
  currentDeadline,
  dispatchFiltersToSearch,
  isStaleStep,
  openSupervision,
  orderedEvents,
  parseDispatchFilters,
  reportProblems,
  reportSources,
  splitMinutes,
  stepBlocker,
  stepSpec,
  timelineNewestFirst,
  onlyGrid,
  toReportRequest,
  toStepRequest,
  treeInScope,
  tipPhotoUrls,
} from './dispatchModel';

const none = { note: '', department: null, rating: null };

describe('filters in the URL', () => {
  it('parses known values and drops unknown ones', () => {
    expect(parseDispatchFilters(new URLSearchParams('status=filed&source=tip&overdue=1'))).toEqual({
      status: 'filed',
      source: 'tip',
      overdue: true,
    });
    expect(parseDispatchFilters(new URLSearchParams('status=nope&source=&overdue=0'))).toEqual({
      status: null,
      source: null,
      overdue: false,
    });
  });

  it('writes only what is set, in a fixed order (round trip)', () => {
    const filters = { status: 'handling' as const, source: null, overdue: true };
    expect(dispatchFiltersToSearch(filters).toString()).toBe('status=handling&overdue=1');
    expect(parseDispatchFilters(dispatchFiltersToSearch(filters))).toEqual(filters);
    expect(dispatchFiltersToSearch({ status: null, source: null, overdue: false }).toString()).toBe('');
  });

  it('builds the API URLs', () => {
    expect(dispatchListUrl({ status: null, source: null, overdue: false }, null)).toBe(
      `${DISPATCH_URL}?limit=50`,
    );
    expect(dispatchListUrl({ status: 'received', source: 'tip', overdue: true }, 'abc', 20)).toBe(
      `${DISPATCH_URL}?status=received&source=tip&overdue=true&cursor=abc&limit=20`,
    );
    expect(dispatchEventUrl('a/b')).toBe(`${DISPATCH_URL}/a%2Fb`);
    expect(dispatchEventPath('42')).toBe('/grid/dispatch/42');
  });
});

describe('colours', () => {
  it('has one for every status', () => {
    for (const s of DISPATCH_STATUSES) expect(DISPATCH_STATUS_COLORS[s]).toBeTruthy();
  });
});

describe('steps', () => {
  it('has a spec for every event, asks to confirm not_file and return only', () => {
    const confirm = DISPATCH_EVENTS.filter((e) => stepSpec(e).confirm);
    expect(confirm.sort()).toEqual(['not_file', 'return']);
  });

  it('orders buttons by the machine whatever the server order', () => {
    expect(orderedEvents(['not_file', 'file'])).toEqual(['file', 'not_file']);
    expect(orderedEvents(['return', 'verify'])).toEqual(['verify', 'return']);
    expect(orderedEvents([])).toEqual([]);
  });

  it('requires the reason, the result, the department and the rating', () => {
    expect(stepBlocker('not_file', none)).toBe('noteRequired');
    expect(stepBlocker('return', { ...none, note: '  ' })).toBe('noteRequired');
    expect(stepBlocker('feedback', none)).toBe('noteRequired');
    expect(stepBlocker('feedback', { ...none, note: '已清理通道' })).toBeNull();
    expect(stepBlocker('dispatch', none)).toBe('departmentRequired');
    expect(stepBlocker('dispatch', { ...none, department: 'street-fire-team' })).toBeNull();
    expect(stepBlocker('evaluate', none)).toBe('ratingRequired');
    expect(stepBlocker('evaluate', { ...none, rating: 6 })).toBe('ratingRequired');
    expect(stepBlocker('evaluate', { ...none, rating: 4 })).toBeNull();
    expect(stepBlocker('file', none)).toBeNull();
    expect(stepBlocker('file', { ...none, note: 'x'.repeat(DISPATCH_LIMITS.note + 1) })).toBe('noteTooLong');
  });

  it('sends only the fields the step takes', () => {
    const values = { note: ' 转消防队 ', department: 'street-fire-team', rating: 3 };
    expect(toStepRequest('dispatch', 4, values)).toEqual({
      event: 'dispatch',
      version: 4,
      note: '转消防队',
      department: 'street-fire-team',
    });
    expect(toStepRequest('evaluate', 9, { ...values, note: '' })).toEqual({
      event: 'evaluate',
      version: 9,
      rating: 3,
    });
    expect(toStepRequest('accept', 2, values)).toEqual({ event: 'accept', version: 2, note: '转消防队' });
  });

  it('treats a stale version or a changed status as a reload', () => {
    expect(isStaleStep(409, 'dispatch.version_stale')).toBe(true);
    expect(isStaleStep(409, 'dispatch.invalid_transition')).toBe(true);
    expect(isStaleStep(422, 'dispatch.note_required')).toBe(false);
    expect(isStaleStep(403, 'dispatch.step_forbidden')).toBe(false);
  });
});

describe('deadline and 督办', () => {
  const now = new Date('2026-11-30T10:00:00.000Z');

  it('has none without a step deadline', () => {
    expect(currentDeadline({ stepDueAt: null, overdue: false }, now)).toEqual({ kind: 'none' });
  });

  it('counts minutes left or late; the server flag wins', () => {
    expect(currentDeadline({ stepDueAt: '2026-11-30T12:30:00.000Z', overdue: false }, now)).toEqual({
      kind: 'due',
      dueAt: '2026-11-30T12:30:00.000Z',
      minutesLeft: 150,
    });
    expect(currentDeadline({ stepDueAt: '2026-11-30T09:00:00.000Z', overdue: false }, now)).toMatchObject({
      kind: 'overdue',
      minutesLate: 60,
    });
    expect(currentDeadline({ stepDueAt: '2026-11-30T10:05:00.000Z', overdue: true }, now)).toMatchObject({
      kind: 'overdue',
      minutesLate: 0,
    });
  });

  it('splits spans into days, hours and minutes', () => {
    expect(splitMinutes(150)).toEqual({ days: 0, hours: 2, minutes: 30 });
    expect(splitMinutes(1440 * 2 + 61)).toEqual({ days: 2, hours: 1, minutes: 1 });
    expect(splitMinutes(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });

  it('keeps open supervision items and lists the timeline newest first', () => {
    const item = (id: string, resolvedAt: string | null) => ({
      id,
      stepSeq: 1,
      status: 'received' as const,
      dueAt: '2026-11-30T00:00:00.000Z',
      raisedAt: '2026-11-30T00:05:00.000Z',
      resolvedAt,
    });
    expect(
      openSupervision([item('a', null), item('b', '2026-11-30T01:00:00.000Z')]).map((s) => s.id),
    ).toEqual(['a']);
    const step = (seq: number) => ({
      seq,
      event: 'file',
      fromStatus: null,
      toStatus: 'filed' as const,
      note: null,
      department: null,
      rating: null,
      actor: null,
      at: '2026-11-30T00:00:00.000Z',
      dueAt: null,
    });
    expect(timelineNewestFirst({ timeline: [step(1), step(3), step(2)] }).map((s) => s.seq)).toEqual([
      3, 2, 1,
    ]);
  });
});

describe('departments', () => {
  it('are the server data file, ids unique', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../../../../data/grid/dispatch-departments.json', import.meta.url), 'utf8'),
    ) as { departments: { id: string }[] };
    expect(DISPATCH_DEPARTMENTS.map((d) => d.id)).toEqual(file.departments.map((d) => d.id));
    expect(new Set(DISPATCH_DEPARTMENTS.map((d) => d.id)).size).toBe(DISPATCH_DEPARTMENTS.length);
  });
});

describe('a new event', () => {
  const draft = {
    source: 'patrol' as const,
    gridId: 'g-1',
    description: '  占用消防通道 ',
    urgency: 'urgent' as const,
    point: null,
  };

  it('lets officers pass down instructions and inspectors report patrols', () => {
    expect(reportSources('street_officer')).toEqual(['patrol', 'superior']);
    expect(reportSources('grid_inspector')).toEqual(['patrol']);
  });

  it('needs a grid and a description', () => {
    expect(reportProblems(draft)).toEqual([]);
    expect(reportProblems({ ...draft, gridId: null, description: ' ' })).toEqual([
      'gridRequired',
      'descriptionRequired',
    ]);
  });

  it('sends lat and lon together or not at all', () => {
    expect(toReportRequest(draft)).toEqual({
      source: 'patrol',
      gridId: 'g-1',
      description: '占用消防通道',
      urgency: 'urgent',
    });
    expect(toReportRequest({ ...draft, point: { lat: 22.5, lon: 114 } })).toMatchObject({
      lat: 22.5,
      lon: 114,
    });
  });
});

describe('grids the caller may report in', () => {
  type N = { node: { id: string; level: string }; children: N[] };
  const n = (id: string, level: string, children: N[] = []): N => ({ node: { id, level }, children });
  const tree = [
    n('d1', 'district', [
      n('s1', 'street', [n('c1', 'community', [n('g1', 'grid'), n('g2', 'grid')])]),
      n('s2', 'street', [n('c2', 'community', [n('g3', 'grid')])]),
    ]),
  ];
  const ids = (roots: N[]): string[] => roots.flatMap((r) => [r.node.id, ...ids(r.children)]);

  it('keeps the branches holding grids inside a scope node', () => {
    expect(ids(treeInScope(tree, new Set(['s1'])))).toEqual(['d1', 's1', 'c1', 'g1', 'g2']);
    expect(ids(treeInScope(tree, new Set(['g3'])))).toEqual(['d1', 's2', 'c2', 'g3']);
    expect(ids(treeInScope(tree, new Set(['d1'])))).toEqual(ids(tree));
    expect(treeInScope(tree, new Set())).toEqual([]);
  });

  it('preselects the only grid', () => {
    expect(onlyGrid(treeInScope(tree, new Set(['g3'])))).toBe('g3');
    expect(onlyGrid(treeInScope(tree, new Set(['s1'])))).toBeNull();
  });
});

describe('tip photos', () => {
  it('numbers the photos of an event from 1', () => {
    expect(tipPhotoUrls('12', 2)).toEqual([
      '/api/grid/dispatch/events/12/tip-photos/1',
      '/api/grid/dispatch/events/12/tip-photos/2',
    ]);
    expect(tipPhotoUrls('12', 0)).toEqual([]);
  });
});
