import { describe, expect, it } from 'vitest';
import type { Hazard } from '@safegrid/contracts';
import type { QueueItem } from '../offline/queue';
import {
  chinaToday,
  hazardFiltersToSearch,
  parseHazardFilters,
  stagePhotoCount,
  toTransitionRequest,
  transitionBlocker,
  visibleActions,
} from './hazardModel';
import { hazardListUrl } from './hazardsApi';

const photo = (stage: string, receivedAt: string) => ({ stage, receivedAt }) as Hazard['photos'][number];
const transition = (event: string, recordedAt: string) =>
  ({ event, recordedAt }) as Hazard['transitions'][number];

describe('actions', () => {
  it("shows only the server's allowed events, in a fixed order", () => {
    expect(visibleActions(['withdraw', 'report', 'assign', 'escalate'])).toEqual([
      'assign',
      'escalate',
      'withdraw',
    ]);
    expect(visibleActions([])).toEqual([]);
  });

  it('blocks a step until it has what it needs', () => {
    const today = '2026-12-01';
    expect(transitionBlocker('reject', { note: ' ' }, 0, today)).toBe('noteRequired');
    expect(transitionBlocker('reject', { note: '照片不清晰' }, 0, today)).toBeNull();
    expect(transitionBlocker('withdraw', {}, 0, today)).toBe('noteRequired');
    expect(transitionBlocker('assign', {}, 0, today)).toBe('deadlineRequired');
    expect(transitionBlocker('assign', { deadline: '2026-11-30' }, 0, today)).toBe('deadlinePast');
    expect(transitionBlocker('assign', { deadline: '2026-12-01' }, 0, today)).toBeNull();
    expect(transitionBlocker('submit', {}, 0, today)).toBe('photoRequired');
    expect(transitionBlocker('submit', {}, 1, today)).toBeNull();
    expect(transitionBlocker('verify', {}, 0, today)).toBe('photoRequired');
    expect(transitionBlocker('acknowledge', {}, 0, today)).toBeNull();
    expect(
      transitionBlocker(
        'request_deferral',
        { note: '设备未到货', deadline: '2026-12-10' },
        0,
        today,
        '2026-12-10',
      ),
    ).toBe('deferralRange');
    expect(
      transitionBlocker(
        'request_deferral',
        { note: '设备未到货', deadline: '2027-03-31' },
        0,
        today,
        '2026-12-10',
      ),
    ).toBe('deferralRange');
    expect(
      transitionBlocker(
        'request_deferral',
        { note: '设备未到货', deadline: '2026-12-20' },
        0,
        today,
        '2026-12-10',
      ),
    ).toBeNull();
  });

  it('builds the request with the version seen, the trimmed note and the deadline only where it belongs', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    expect(toTransitionRequest('assign', 3, { note: ' ', deadline: '2026-12-20' }, at)).toEqual({
      event: 'assign',
      version: 3,
      deadline: '2026-12-20',
      at: '2026-12-01T02:00:00.000Z',
    });
    expect(toTransitionRequest('reject', 4, { note: ' 不合格 ', deadline: '2026-12-20' }, at)).toEqual({
      event: 'reject',
      version: 4,
      note: '不合格',
      at: '2026-12-01T02:00:00.000Z',
    });
  });

  it('counts the photos of the current round and those waiting in the outbox', () => {
    const hazard = {
      id: '9',
      photos: [
        photo('rectification', '2026-11-20T00:00:00Z'),
        photo('rectification', '2026-11-25T00:00:00Z'),
      ],
      transitions: [
        transition('submit', '2026-11-21T00:00:00Z'),
        transition('reject', '2026-11-22T00:00:00Z'),
      ],
    };
    expect(stagePhotoCount(hazard, 'rectification', [])).toBe(1);
    expect(stagePhotoCount({ ...hazard, transitions: [] }, 'rectification', [])).toBe(2);
    const waiting = [
      { state: 'pending', payload: { kind: 'photo', stage: 'rectification', hazard: { id: '9' } } },
      { state: 'pending', payload: { kind: 'photo', stage: 'rectification', hazard: { id: '8' } } },
      { state: 'conflict', payload: { kind: 'photo', stage: 'rectification', hazard: { id: '9' } } },
    ] as QueueItem[];
    expect(stagePhotoCount(hazard, 'rectification', waiting)).toBe(2);
    expect(stagePhotoCount(hazard, 'verification', waiting)).toBe(0);
  });

  it("knows today's date in China", () => {
    expect(chinaToday(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  });
});

describe('list filters', () => {
  it('reads only known values from the URL and writes them back canonically', () => {
    const f = parseHazardFilters(new URLSearchParams('status=closed&level=bogus&overdue=1'));
    expect(f).toEqual({ status: 'closed', level: '', overdue: true, enterpriseId: '', gridId: '' });
    expect(hazardFiltersToSearch(f).toString()).toBe('status=closed&overdue=1');
    expect(hazardListUrl(f, null)).toBe('/api/grid/hazards?status=closed&overdue=true&limit=50');
    expect(
      hazardListUrl({ status: '', level: 'major', overdue: false, enterpriseId: '', gridId: '' }, '12'),
    ).toBe('/api/grid/hazards?level=major&after=12&limit=50');
    const linked = parseHazardFilters(new URLSearchParams('enterpriseId=2366&gridId=G1'));
    expect(hazardListUrl(linked, null)).toBe('/api/grid/hazards?enterpriseId=2366&gridId=G1&limit=50');
    expect(parseHazardFilters(new URLSearchParams('enterpriseId=x')).enterpriseId).toBe('');
  });
});
