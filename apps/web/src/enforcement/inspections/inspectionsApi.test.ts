import { describe, expect, it } from 'vitest';
import {
  INSPECTIONS_URL,
  INSPECTION_NEW_PATH,
  evidenceForm,
  inspectionListUrl,
  inspectionNewPath,
  inspectionPath,
  inspectionUrl,
  partnersUrl,
} from './inspectionsApi';

describe('inspection API URLs and routes', () => {
  it('address the server routes', () => {
    expect(INSPECTIONS_URL).toBe('/api/enforcement/inspections');
    expect(inspectionUrl('12')).toBe('/api/enforcement/inspections/12');
    expect(partnersUrl('5')).toBe('/api/enforcement/inspections/partners?enterpriseId=5');
    expect(inspectionListUrl({ mine: true })).toBe('/api/enforcement/inspections?mine=true&limit=50');
    expect(inspectionListUrl({ mine: false })).toBe('/api/enforcement/inspections?limit=50');
  });

  it('build the pages', () => {
    expect(INSPECTION_NEW_PATH).toBe('/enforcement/inspections/new');
    expect(inspectionPath('12')).toBe('/enforcement/inspections/12');
    expect(inspectionNewPath('3')).toBe('/enforcement/inspections/new?enterpriseId=3');
    expect(inspectionNewPath()).toBe('/enforcement/inspections/new');
  });

  it('send the fields before the file', () => {
    const form = evidenceForm(
      new Blob(['x'], { type: 'image/jpeg' }),
      'a.jpg',
      '2026-01-01T00:00:00.000Z',
      2,
    );
    expect([...form.keys()]).toEqual(['capturedAt', 'findingSeq', 'file']);
    expect((form.get('file') as File).name).toBe('a.jpg');
    const whole = evidenceForm(new Blob(['x']), 'b.jpg', '2026-01-01T00:00:00.000Z', null);
    expect([...whole.keys()]).toEqual(['capturedAt', 'file']);
  });
});
