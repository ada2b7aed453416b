import { describe, expect, it } from 'vitest';
import type { ChecklistItem, PatrolTask } from '@safegrid/contracts';
import {
  PHOTO_MAX_SIDE,
  PHOTO_QUALITY,
  photoTargetSize,
} from '../../enforcement/inspections/inspectionModel';
import type { QueueItem } from '../offline/queue';
import {
  chinaMonth,
  distanceMetres,
  formatDistance,
  hazardDraftFromItem,
  itemText,
  queuedForTask,
  routeLegs,
  taskSteps,
  toReportHazard,
  toSubmitChecklist,
  unanswered,
} from './patrolModel';
import { myTasksUrl, taskListUrl } from './patrolsApi';

const item = (id: string, major: string | null = null): ChecklistItem => ({
  id,
  text: { 'zh-CN': `问题${id}`, en: `Question ${id}` },
  majorHazardRef: major,
  provisionRefs: [],
});
const task = {
  id: '42',
  enterprise: { id: '7', name: '甲厂', address: 'x', lat: 22.5, lon: 114.05 },
} as Pick<PatrolTask, 'id' | 'enterprise'>;

describe('distances', () => {
  it('computes great-circle distances', () => {
    // One degree of latitude is about 111.2 km.
    expect(distanceMetres({ lat: 22, lon: 114 }, { lat: 23, lon: 114 })).toBeGreaterThan(111_000);
    expect(distanceMetres({ lat: 22, lon: 114 }, { lat: 23, lon: 114 })).toBeLessThan(111_400);
    expect(distanceMetres({ lat: 22.5, lon: 114 }, { lat: 22.5, lon: 114 })).toBe(0);
  });

  it('gives each stop its leg from the inspector or the previous stop', () => {
    const stops = [
      { enterprise: { lat: 22.5, lon: 114 } },
      { enterprise: { lat: 22.51, lon: 114 } },
    ] as PatrolTask[];
    const withStart = routeLegs(stops, { lat: 22.49, lon: 114 });
    expect(withStart).toHaveLength(2);
    expect(Math.round(withStart[0] ?? 0)).toBe(1112);
    expect(Math.round(withStart[1] ?? 0)).toBe(1112);
    expect(routeLegs(stops, null)[0]).toBeNull();
  });

  it('formats metres and kilometres', () => {
    expect(formatDistance(123)).toEqual({ key: 'patrol.metres', value: '120' });
    expect(formatDistance(999)).toEqual({ key: 'patrol.metres', value: '1000' });
    expect(formatDistance(1234)).toEqual({ key: 'patrol.kilometres', value: '1.2' });
  });
});

describe('check-list', () => {
  const checklist = { items: [item('a'), item('b', 'gm-major-hazard:4:1')] };

  it('lists unanswered items and sends only a complete list', () => {
    expect(unanswered(checklist.items, { a: { outcome: 'pass' } })).toEqual(['b']);
    expect(toSubmitChecklist(checklist, { a: { outcome: 'pass' } }, 'c', new Date())).toBeNull();
    expect(toSubmitChecklist({ items: [] }, {}, 'c', new Date())).toBeNull();
    const body = toSubmitChecklist(
      checklist,
      { a: { outcome: 'pass', note: '  ' }, b: { outcome: 'fail', note: ' 未设置 ' } },
      'client-1',
      new Date('2026-12-01T01:00:00Z'),
    );
    expect(body).toEqual({
      clientId: 'client-1',
      at: '2026-12-01T01:00:00.000Z',
      results: [
        { itemId: 'a', outcome: 'pass' },
        { itemId: 'b', outcome: 'fail', note: '未设置' },
      ],
    });
  });

  it('shows the question in the UI language', () => {
    expect(itemText(item('a'), 'zh-CN')).toBe('问题a');
    expect(itemText(item('a'), 'en')).toBe('Question a');
    expect(itemText({ text: { 'zh-CN': '仅中文', en: '' } }, 'en')).toBe('仅中文');
  });

  it('pre-fills a hazard from a failed item, with the 令第10号 ref for a major-hazard item', () => {
    expect(hazardDraftFromItem(task, item('a'), undefined, 'zh-CN')).toEqual({
      enterpriseId: '7',
      description: '问题a',
      source: 'patrol',
      patrolTaskId: '42',
      checklistItemId: 'a',
    });
    const major = hazardDraftFromItem(task, item('b', 'gm-major-hazard:4:1'), ' 无报警装置 ', 'zh-CN');
    expect(major.majorHazardRef).toBe('gm-major-hazard:4:1');
    expect(major.description).toBe('问题b：无报警装置');
  });

  it('builds the report with the position and deadline when known', () => {
    const draft = hazardDraftFromItem(task, item('a'), undefined, 'zh-CN');
    const at = new Date('2026-12-01T01:00:00Z');
    expect(toReportHazard(draft, 'c1', at, null, null)).toEqual({
      ...draft,
      clientId: 'c1',
      foundAt: '2026-12-01T01:00:00.000Z',
    });
    expect(toReportHazard(draft, 'c1', at, { lat: 22.5, lon: 114 }, '2026-12-15')).toMatchObject({
      lat: 22.5,
      lon: 114,
      deadline: '2026-12-15',
    });
  });
});

describe('task state', () => {
  it('says what the inspector may still do', () => {
    expect(taskSteps({ status: 'open' })).toEqual({ canCheckIn: true, canSubmit: true });
    expect(taskSteps({ status: 'checked_in' })).toEqual({ canCheckIn: false, canSubmit: true });
    expect(taskSteps({ status: 'done' })).toEqual({ canCheckIn: false, canSubmit: false });
  });

  it('finds what the outbox still holds for a task', () => {
    const items = [
      { state: 'pending', payload: { kind: 'checkIn', taskId: '42' } },
      { state: 'conflict', payload: { kind: 'checklist', taskId: '42' } },
      { state: 'pending', payload: { kind: 'checklist', taskId: '43' } },
    ] as QueueItem[];
    expect(queuedForTask(items, '42')).toEqual({ checkIn: true, checklist: false });
    expect(queuedForTask(items, '43')).toEqual({ checkIn: false, checklist: true });
  });

  it('knows the month in China', () => {
    expect(chinaMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(chinaMonth(new Date('2026-11-30T15:30:00Z'))).toBe('2026-11');
  });
});

describe('URLs', () => {
  it('builds the my-tasks and task-list URLs', () => {
    expect(myTasksUrl('today')).toBe('/api/grid/patrols/my-tasks?range=today');
    expect(myTasksUrl('week', { lat: 22.5, lon: 114 })).toBe(
      '/api/grid/patrols/my-tasks?range=week&lat=22.5&lon=114',
    );
    expect(taskListUrl({ month: '2026-12', status: '' }, null)).toBe(
      '/api/grid/patrols/tasks?month=2026-12&limit=50',
    );
    expect(taskListUrl({ month: '2026-12', status: 'open' }, '99')).toBe(
      '/api/grid/patrols/tasks?month=2026-12&status=open&after=99&limit=50',
    );
  });
});

describe('photo size (shared with the inspections)', () => {
  it('draws photos at most 1600 px on the longest side, JPEG 0.8', () => {
    expect(PHOTO_MAX_SIDE).toBe(1600);
    expect(PHOTO_QUALITY).toBe(0.8);
    expect(photoTargetSize(4032, 3024)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(photoTargetSize(3024, 4032)).toEqual({ width: 1200, height: 1600, scaled: true });
    expect(photoTargetSize(800, 600)).toEqual({ width: 800, height: 600, scaled: false });
    expect(photoTargetSize(0, 600)).toBeNull();
  });
});
