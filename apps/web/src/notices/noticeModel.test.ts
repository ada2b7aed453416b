import { describe, expect, it } from 'vitest';
import type { Notice } from '@safegrid/contracts';
import { badgeText, markedRead, noticeReadUrl, noticeTarget } from './noticeModel';

const notice = (id: string, read = false): Notice => ({
  id,
  kind: 'grade_changed',
  at: '2026-11-20T02:00:00.000Z',
  read,
  enterpriseId: '42',
  enterpriseName: '企业',
  previousGrade: 'blue',
  grade: 'yellow',
  score: 22,
  reason: 'input_changed',
});

describe('the notice bell', () => {
  it('shows no badge for nothing unread and caps a large count', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });

  it('leads to the enterprise profile and marks one read once', () => {
    expect(noticeTarget(notice('1'))).toBe('/profile/enterprises/42');
    expect(noticeReadUrl('1')).toBe('/api/notices/1/read');
    const state = { items: [notice('2'), notice('1', true)], unread: 3 };
    const after = markedRead(state, '2');
    expect(after.unread).toBe(2);
    expect(after.items.map((n) => n.read)).toEqual([true, true]);
    // Already read or unknown: nothing changes.
    expect(markedRead(after, '2')).toBe(after);
    expect(markedRead(after, '9')).toBe(after);
  });
});
