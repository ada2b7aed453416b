import { describe, expect, it } from 'vitest';
import type { ConfinedSpaceDetail } from '@safegrid/contracts';
import {
  assignSpaceErrors,
  emptySpaceForm,
  parseSpaceFilters,
  spaceFiltersToSearch,
  spaceFormValues,
  spaceListUrl,
  toCreateSpace,
  toSpacePatch,
  validateSpaceForm,
} from './spaceModel';

const detail: ConfinedSpaceDetail = {
  id: '5',
  enterpriseId: '7',
  enterpriseName: '示例公司',
  code: 'YX-001',
  name: '1号污水井',
  spaceType: 'underground',
  hazards: ['h2s', 'oxygen_deficiency'],
  warningSign: true,
  synthetic: true,
  livePermitId: null,
  livePermitStatus: null,
  location: '厂区东侧',
  lon: 114.05,
  lat: 22.55,
  ventilation: 'mechanical',
  entryPoints: 1,
  rescuePlan: '',
  rescueEquipment: ['三脚架', '正压式空气呼吸器'],
  devices: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('space list filters', () => {
  it('parse and write only valid filters', () => {
    const filters = parseSpaceFilters(new URLSearchParams('q=%20井%20&enterpriseId=abc'));
    expect(filters).toEqual({ q: '井', enterpriseId: '' });
    expect(spaceFiltersToSearch({ q: '井', enterpriseId: '7' }).toString()).toBe(
      'q=%E4%BA%95&enterpriseId=7',
    );
    expect(spaceListUrl({ q: '', enterpriseId: '' }, 'c1')).toBe('/api/confined/spaces?cursor=c1&limit=30');
  });
});

describe('space form', () => {
  it('patches only what changed (hazards as a set)', () => {
    expect(toSpacePatch(detail, spaceFormValues(detail))).toEqual({});
    const values = {
      ...spaceFormValues(detail),
      hazards: ['oxygen_deficiency', 'h2s'] as typeof detail.hazards,
    };
    expect(toSpacePatch(detail, values)).toEqual({});
    expect(toSpacePatch(detail, { ...values, name: ' 2号井 ', rescueEquipment: ['三脚架'] })).toEqual({
      name: '2号井',
      rescueEquipment: ['三脚架'],
    });
  });

  it('creates with the enterprise and cleaned lists', () => {
    const body = toCreateSpace({
      ...emptySpaceForm('7'),
      code: ' A1 ',
      name: 'n',
      rescueEquipment: ['x', ' x', ''],
    });
    expect(body).toMatchObject({
      enterpriseId: '7',
      code: 'A1',
      rescueEquipment: ['x'],
      lon: null,
      lat: null,
    });
  });

  it('wants both coordinates or neither', () => {
    expect(validateSpaceForm({ ...emptySpaceForm(), lon: 114 })).toEqual({
      lat: 'spaceForm.coordinatesPair',
    });
    expect(validateSpaceForm({ ...emptySpaceForm(), lat: 22.5 })).toEqual({
      lon: 'spaceForm.coordinatesPair',
    });
    expect(validateSpaceForm({ ...emptySpaceForm(), rescueEquipment: ['y'.repeat(61)] })).toEqual({
      rescueEquipment: 'spaceForm.equipmentTooLong',
    });
  });

  it('puts a taken code on the code field', () => {
    const { byField, unassigned } = assignSpaceErrors('space.code_taken', 'taken', []);
    expect(byField.get('code')).toEqual(['taken']);
    expect(unassigned).toEqual([]);
    const fields = assignSpaceErrors('request.invalid', 'bad', [
      { pointer: '/body/lat', path: ['lat'], code: 'schema.maximum', message: 'too big' },
      { pointer: '/body/x', path: ['x'], code: 'schema.additionalProperties', message: 'extra' },
    ]);
    expect(fields.byField.get('lat')).toEqual(['too big']);
    expect(fields.unassigned).toEqual(['extra']);
  });
});
