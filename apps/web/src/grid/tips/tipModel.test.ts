import { describe, expect, it } from 'vitest';
import { TIP_CODE_ALPHABET, TIP_LIMITS } from '@safegrid/contracts/values';
import { photoTargetSize } from '../../enforcement/inspections/inspectionModel';
import {
  groupTrackingCode,
  inCityBox,
  isSettled,
  isTrackingCode,
  newClientId,
  normaliseTrackingCode,
  roundCoordinate,
  sortedTimeline,
  tipFormParts,
  tipProblems,
  tipRefusal,
  tipRequest,
  type TipDraft,
} from './tipModel';
import { TIP_NEW_PATH, tipStatusPath, tipStatusUrl } from './tipsApi';

const draft = (patch: Partial<TipDraft> = {}): TipDraft => ({
  description: '  仓库通道堆满纸箱，消防门被锁  ',
  point: { lat: 22.5431234567, lon: 114.0579876543 },
  contactPhone: '',
  photoCount: 0,
  ...patch,
});

describe('tip form checks', () => {
  it('accepts a complete draft', () => {
    expect(tipProblems(draft())).toEqual([]);
  });

  it('lists every problem in form order', () => {
    expect(
      tipProblems(
        draft({ description: '   ', point: null, contactPhone: 'abc', photoCount: TIP_LIMITS.photos + 1 }),
      ),
    ).toEqual(['descriptionRequired', 'locationRequired', 'phoneInvalid', 'tooManyPhotos']);
  });

  it('refuses an over-long description and a point outside the city box', () => {
    expect(tipProblems(draft({ description: 'x'.repeat(TIP_LIMITS.description + 1) }))).toEqual([
      'descriptionTooLong',
    ]);
    expect(tipProblems(draft({ point: { lat: 39.9, lon: 116.4 } }))).toEqual(['locationOutside']);
    expect(inCityBox({ lat: 22.63, lon: 114.1 })).toBe(true);
  });

  it('checks the phone with the contract pattern, blank allowed', () => {
    expect(tipProblems(draft({ contactPhone: '+86 138-0000-0000' }))).toEqual([]);
    expect(tipProblems(draft({ contactPhone: '   ' }))).toEqual([]);
    expect(tipProblems(draft({ contactPhone: '1234' }))).toEqual(['phoneInvalid']);
    expect(tipProblems(draft({ contactPhone: '1'.repeat(21) }))).toEqual(['phoneInvalid']);
  });
});

describe('tip request', () => {
  it('trims, rounds to 6 decimals and leaves out a blank phone', () => {
    expect(tipRequest(draft(), 'id-1')).toEqual({
      clientId: 'id-1',
      description: '仓库通道堆满纸箱，消防门被锁',
      lat: 22.543123,
      lon: 114.057988,
    });
    expect(tipRequest(draft({ contactPhone: ' 13800000000 ' }), 'id-1').contactPhone).toBe('13800000000');
  });

  it('gives the same body for the same draft and id (a retry is recognised)', () => {
    expect(tipRequest(draft(), 'same')).toEqual(tipRequest(draft(), 'same'));
    expect(roundCoordinate(114.0000004)).toBe(114);
  });

  it('puts the text fields before the photos in the multipart body', () => {
    const photo = { blob: new Blob(['x']), fileName: 'a.jpg' };
    const parts = tipFormParts(tipRequest(draft({ contactPhone: '12345' }), 'id'), [photo, photo]);
    expect(parts.map(([name]) => name)).toEqual([
      'clientId',
      'description',
      'lat',
      'lon',
      'contactPhone',
      'photo',
      'photo',
    ]);
    expect(parts[2]![1]).toBe('22.543123');
  });

  it('compresses photos to at most 1600 px on the longest side (shared helper)', () => {
    expect(photoTargetSize(4032, 3024)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(photoTargetSize(3024, 4032)).toEqual({ width: 1200, height: 1600, scaled: true });
    expect(photoTargetSize(800, 600)).toEqual({ width: 800, height: 600, scaled: false });
  });
});

describe('client id', () => {
  it('uses randomUUID when there is one', () => {
    expect(
      newClientId({ randomUUID: () => 'a-b-c-d-e', getRandomValues: <T>(a: T) => a } as unknown as Crypto),
    ).toBe('a-b-c-d-e');
  });

  it('builds a v4 UUID from random bytes otherwise', () => {
    const id = newClientId({
      getRandomValues: <T extends ArrayBufferView | null>(a: T) => {
        (a as unknown as Uint8Array).fill(0xff);
        return a;
      },
    });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('tracking codes', () => {
  const code = TIP_CODE_ALPHABET.slice(0, 12);

  it('normalises typed codes: spaces and dashes out, upper case', () => {
    expect(normaliseTrackingCode(' abcd efgh-jkmn ')).toBe('ABCDEFGHJKMN');
  });

  it('knows a possible code by length and alphabet', () => {
    expect(isTrackingCode(code)).toBe(true);
    expect(isTrackingCode(code.slice(1))).toBe(false);
    expect(isTrackingCode('ABCDEFGHJKM0')).toBe(false); // 0 is not in the alphabet
    expect(isTrackingCode('ABCDEFGHJKMI')).toBe(false);
  });

  it('groups by four for reading', () => {
    expect(groupTrackingCode('ABCDEFGHJKMN')).toBe('ABCD EFGH JKMN');
  });

  it('builds the API URL and the page paths', () => {
    expect(tipStatusUrl('ABCDEFGHJKMN')).toBe('/api/public/tips/ABCDEFGHJKMN');
    expect(tipStatusPath('AB/CD')).toBe('/tips/AB%2FCD');
    expect(TIP_NEW_PATH).toBe('/tips/new');
  });
});

describe('status', () => {
  it('orders the public timeline oldest first and knows settled statuses', () => {
    expect(
      sortedTimeline([
        { status: 'filed', at: '2026-11-30T02:00:00.000Z' },
        { status: 'received', at: '2026-11-30T01:00:00.000Z' },
      ]).map((s) => s.status),
    ).toEqual(['received', 'filed']);
    expect(isSettled('closed')).toBe(true);
    expect(isSettled('not_filed')).toBe(true);
    expect(isSettled('handling')).toBe(false);
  });
});

describe('refusals', () => {
  it('says where for outside_city', () => {
    expect(tipRefusal(422, 'tip.outside_city', { lat: 1, lon: 2 }).key).toBe('tip.refusal.outsideCity');
  });

  it('turns retryAfterSeconds into whole minutes, at least one', () => {
    expect(tipRefusal(429, 'request.rate_limited', { retryAfterSeconds: 61 })).toMatchObject({
      key: 'tip.refusal.rateLimited',
      minutes: 2,
    });
    expect(tipRefusal(429, 'request.rate_limited', { retryAfterSeconds: 5 }).minutes).toBe(1);
    expect(tipRefusal(429, 'request.rate_limited', undefined).minutes).toBe(60);
  });

  it('explains 413 and renews the id after a conflict', () => {
    expect(tipRefusal(413, 'request.body_too_large', undefined).key).toBe('tip.refusal.tooLarge');
    expect(tipRefusal(413, 'tip.photo_too_large', { index: 0 }).key).toBe('tip.refusal.tooLarge');
    expect(tipRefusal(409, 'tip.client_id_conflict', undefined)).toMatchObject({
      key: 'tip.refusal.conflict',
      renewClientId: true,
    });
  });

  it('leaves other problems to the catalogue and marks network failures retryable', () => {
    expect(tipRefusal(400, 'request.invalid', undefined)).toEqual({
      key: null,
      renewClientId: false,
      retryable: false,
    });
    expect(tipRefusal(0, 'client.network', undefined).retryable).toBe(true);
    expect(tipRefusal(503, 'service.unavailable', undefined).retryable).toBe(true);
  });
});
