import { describe, expect, it, vi } from 'vitest';
import { bboxParam, clusterDiameter, debounce, levelsVisibleAt, pointColor, UNGRADED_COLOR } from './mapData';
import { STATUS_COLORS } from '../common/labels';

describe('map data helpers', () => {
  it('formats and rounds the bbox in the API order minLon,minLat,maxLon,maxLat', () => {
    expect(bboxParam({ west: 113.7512345678, south: 22.4, east: 114.6, north: 22.87654321 })).toBe(
      '113.75123,22.4,114.6,22.87654',
    );
    expect(bboxParam({ west: -200, south: -95, east: 200, north: 95 })).toBe('-180,-90,180,90');
  });

  it('matches the contract pattern', () => {
    expect(bboxParam({ west: 113.9, south: 22.5, east: 114, north: 22.6 })).toMatch(
      /^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/,
    );
  });

  it('sizes clusters monotonically within bounds', () => {
    const sizes = [1, 10, 100, 1000, 10_000, 120_000].map(clusterDiameter);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(26);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
  });

  it('shows streets from zoom 11 and grids from zoom 13, only when switched on', () => {
    const all = new Set(['district', 'street', 'community', 'grid'] as const);
    expect(levelsVisibleAt(10, all)).toEqual(['district']);
    expect(levelsVisibleAt(11, all)).toEqual(['district', 'street']);
    expect(levelsVisibleAt(13, all)).toEqual(['district', 'street', 'community', 'grid']);
    expect(levelsVisibleAt(14, new Set(['district', 'grid'] as const))).toEqual(['district', 'grid']);
  });

  it('debounces to the last call', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 100);
    d(1);
    d(2);
    vi.advanceTimersByTime(99);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledExactlyOnceWith(2);
    d(3);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
    d(4);
    d.flush();
    expect(fn).toHaveBeenLastCalledWith(4);
    vi.useRealTimers();
  });
});

describe('point colours', () => {
  const point = {
    id: '1',
    name: '企业',
    lon: 114,
    lat: 22.5,
    status: 'suspended' as const,
    gongmaoCategory: 'machinery' as const,
    grade: 'red' as const,
  };

  it('colours by status or by grade, and an ungraded enterprise apart from the general grade', () => {
    expect(pointColor(point, 'status')).toBe(STATUS_COLORS.suspended);
    expect(pointColor(point, 'grade')).toBe('#cf1322');
    expect(pointColor({ ...point, grade: null }, 'grade')).toBe(UNGRADED_COLOR);
    expect(UNGRADED_COLOR).not.toBe(pointColor({ ...point, grade: 'general' }, 'grade'));
  });
});
