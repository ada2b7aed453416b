import { describe, expect, it } from 'vitest';
import { alarmsUrl, permitCommandUrl, permitsUrl, telemetryUrl } from './confinedApi';

describe('confined API URLs', () => {
  it('leave out empty filters', () => {
    expect(permitsUrl({ live: true, districtId: '' }, null, 500)).toBe(
      '/api/confined/permits?live=true&limit=500',
    );
    expect(alarmsUrl({ open: true }, 'abc', 200)).toBe('/api/confined/alarms?open=true&cursor=abc&limit=200');
    expect(alarmsUrl({ permitId: '10' }, null, 50)).toBe('/api/confined/alarms?permitId=10&limit=50');
  });

  it('encode ids in paths', () => {
    expect(permitCommandUrl('10', 'approve')).toBe('/api/confined/permits/10/approve');
    expect(telemetryUrl('GD/1', 60)).toBe('/api/devices/GD%2F1/telemetry?minutes=60');
  });
});
