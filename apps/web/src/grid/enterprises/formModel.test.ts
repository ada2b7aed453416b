import { describe, expect, it } from 'vitest';
import type { EnterpriseDetail } from '@safegrid/contracts';
import { assignFieldErrors, formFieldFor, toFormValues, toInput, toPatch } from './formModel';

const detail: EnterpriseDetail = {
  id: '1',
  creditCode: '91440300MA5DXXXX1X',
  name: '深圳示例五金有限公司',
  address: '深圳市罗湖区某路 1 号',
  industryCode: 'C3311',
  industryName: '金属结构制造',
  gongmaoCategory: 'machinery',
  scale: 'small',
  employees: 30,
  status: 'operating',
  location: [114.1, 22.55],
  gridId: 'G1',
  gridName: '第1网格',
  streetName: '桂园街道',
  districtName: '罗湖区',
  synthetic: true,
  communityId: 'C1',
  communityName: '松园社区',
  streetId: 'S1',
  districtId: 'D1',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  inspectors: [],
  permissions: { update: true, export: true },
};

describe('enterprise form model', () => {
  it('maps location to lon/lat and back', () => {
    expect(toInput(toFormValues(detail)).location).toEqual([114.1, 22.55]);
  });

  it('normalises credit and industry codes', () => {
    const input = toInput({
      ...toFormValues(detail),
      creditCode: ' 91440300ma5dxxxx1x ',
      industryCode: 'c3311',
    });
    expect(input.creditCode).toBe('91440300MA5DXXXX1X');
    expect(input.industryCode).toBe('C3311');
  });

  it('patches only what changed', () => {
    expect(toPatch(detail, toFormValues(detail))).toEqual({});
    expect(toPatch(detail, { ...toFormValues(detail), employees: 31, lat: 22.56 })).toEqual({
      employees: 31,
      location: [114.1, 22.56],
    });
  });

  it('maps server pointers onto form fields', () => {
    expect(formFieldFor(['location', '1'])).toBe('lat');
    expect(formFieldFor(['location'])).toBe('lon');
    expect(formFieldFor(['creditCode'])).toBe('creditCode');
    expect(formFieldFor(['nonsense'])).toBeUndefined();
  });

  it('puts a pointer-less domain error on its field and keeps unknown ones aside', () => {
    const a = assignFieldErrors('enterprise.credit_code_invalid', 'bad code', []);
    expect([...a.byField]).toEqual([['creditCode', ['bad code']]]);
    const b = assignFieldErrors('request.invalid', 'invalid', [
      { pointer: '/body/location/1', path: ['location', '1'], code: 'schema.maximum', message: 'too large' },
      {
        pointer: '/body/extra',
        path: ['extra'],
        code: 'schema.additionalProperties',
        message: 'not allowed',
      },
    ]);
    expect([...b.byField]).toEqual([['lat', ['too large']]]);
    expect(b.unassigned).toEqual(['not allowed']);
  });
});
