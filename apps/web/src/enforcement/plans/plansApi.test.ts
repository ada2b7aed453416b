import { describe, expect, it } from 'vitest';
import {
  planListUrl,
  planPath,
  planUrl,
  publicPlanPath,
  publicPlanUrl,
  taskListUrl,
  verificationUrl,
} from './plansApi';

describe('enforcement plan API URLs and routes', () => {
  it('address the server routes', () => {
    expect(planUrl('7')).toBe('/api/enforcement/plans/7');
    expect(planListUrl({})).toBe('/api/enforcement/plans');
    expect(planListUrl({ year: 2026, status: 'published' })).toBe(
      '/api/enforcement/plans?year=2026&status=published',
    );
    expect(verificationUrl('7', '3')).toBe('/api/enforcement/plans/7/draws/3/verification');
    expect(taskListUrl()).toBe('/api/enforcement/tasks');
    expect(taskListUrl('done')).toBe('/api/enforcement/tasks?status=done');
    expect(publicPlanUrl('7')).toBe('/api/public/enforcement-plans/7');
  });

  it('build the pages', () => {
    expect(planPath('7')).toBe('/enforcement/plans/7');
    expect(publicPlanPath('7')).toBe('/public/enforcement-plans/7');
  });
});
