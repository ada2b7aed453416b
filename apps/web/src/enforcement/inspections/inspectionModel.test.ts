import { describe, expect, it } from 'vitest';
import type { InspectionEvidence, MajorHazardMatch, ProvisionMatch } from '@safegrid/contracts';
import {
  PHOTO_MAX_SIDE,
  PHOTO_QUALITY,
  addedEvidence,
  canWrite,
  capturedAt,
  emptyFindingDraft,
  evidenceFor,
  isParticipant,
  isStaleVersion,
  jpegName,
  majorHazardOffer,
  photoTargetSize,
  shortDigest,
  startFieldFor,
  toRecordFinding,
  toStartRequest,
  toggleRef,
} from './inspectionModel';

const hazard = (ref: string): MajorHazardMatch => ({
  ref,
  label: `《重大事故隐患判定标准》${ref}`,
  text: '…',
  field: 'general',
});

function suggestion(ref: string, majorHazard: MajorHazardMatch | null = null): ProvisionMatch {
  return {
    rank: 1,
    ref,
    kind: 'penalty_item',
    label: ref,
    text: '…',
    score: 1,
    relative: 1,
    violated: [],
    penalty: null,
    basisNote: null,
    majorHazard,
    explanation: { matchedPhrases: [], synonyms: [] },
  } as ProvisionMatch;
}

function evidence(seq: number, findingSeq: number | null): InspectionEvidence {
  return {
    seq,
    findingSeq,
    fileName: `p${seq}.jpg`,
    mediaType: 'image/jpeg',
    sizeBytes: 10,
    sha256: `${seq}`.padStart(64, '0'),
    capturedAt: '2026-01-01T00:00:00.000Z',
    receivedAt: '2026-01-01T00:00:01.000Z',
    chainHash: 'x',
    url: `/api/enforcement/inspections/1/evidence/${seq}`,
  };
}

describe('who may write', () => {
  const inspection = {
    status: 'in_progress' as const,
    officers: [
      { id: '7', displayName: '甲' },
      { id: '9', displayName: '乙' },
    ],
  };
  it('is an officer of the inspection with inspection.conduct while in progress', () => {
    expect(isParticipant(inspection, '9')).toBe(true);
    expect(isParticipant(inspection, '8')).toBe(false);
    expect(canWrite(inspection, '7', true)).toBe(true);
    expect(canWrite(inspection, '7', false)).toBe(false);
    expect(canWrite(inspection, '8', true)).toBe(false);
    expect(canWrite({ ...inspection, status: 'completed' }, '7', true)).toBe(false);
  });
});

describe('start request', () => {
  it('trims the place and leaves it out when blank', () => {
    expect(toStartRequest({ enterpriseId: '3', partnerId: '9', place: ' 一号车间 ' })).toEqual({
      enterpriseId: '3',
      partnerId: '9',
      place: '一号车间',
    });
    expect(toStartRequest({ enterpriseId: '3', partnerId: '9', place: '  ' })).toEqual({
      enterpriseId: '3',
      partnerId: '9',
    });
  });
  it('puts server field errors on the fields', () => {
    expect(startFieldFor(['partnerId'])).toBe('partnerId');
    expect(startFieldFor(['place'])).toBe('place');
    expect(startFieldFor(['version'])).toBeUndefined();
    expect(startFieldFor(['place', 'x'])).toBeUndefined();
  });
});

describe('checked suggestions', () => {
  it('add and remove refs once each, at most 10', () => {
    expect(toggleRef([], 'a:1', true)).toEqual(['a:1']);
    expect(toggleRef(['a:1'], 'a:1', true)).toEqual(['a:1']);
    expect(toggleRef(['a:1', 'b:2'], 'a:1', false)).toEqual(['b:2']);
    const ten = Array.from({ length: 10 }, (_, i) => `law:${i + 1}`);
    expect(toggleRef(ten, 'law:11', true)).toEqual(ten);
  });

  it('offer the major hazard of the first checked suggestion that meets one', () => {
    const list = [
      suggestion('a:1'),
      suggestion('b:2', hazard('mh:4:1')),
      suggestion('c:3', hazard('mh:5:2')),
    ];
    expect(majorHazardOffer(list, [])).toBeNull();
    expect(majorHazardOffer(list, ['a:1'])).toBeNull();
    expect(majorHazardOffer(list, ['c:3', 'b:2'])?.ref).toBe('mh:4:1');
    expect(majorHazardOffer(null, ['b:2'])).toBeNull();
  });

  it('build the finding with the confirmed major hazard only while it is offered', () => {
    const list = [suggestion('a:1'), suggestion('b:2', hazard('mh:4:1'))];
    const draft = {
      ...emptyFindingDraft(),
      description: ' 储罐区未设置可燃气体报警 \r\n',
      checked: ['b:2', 'a:1'],
      majorHazardConfirmed: true,
      onTheSpotMeasure: '  ',
    };
    expect(toRecordFinding(draft, list, 4)).toEqual({
      description: '储罐区未设置可燃气体报警',
      provisionRefs: ['b:2', 'a:1'],
      majorHazardRef: 'mh:4:1',
      version: 4,
    });
    expect(toRecordFinding({ ...draft, checked: ['a:1'] }, list, 4).majorHazardRef).toBeNull();
    expect(toRecordFinding({ ...draft, majorHazardConfirmed: false }, list, 4).majorHazardRef).toBeNull();
    expect(toRecordFinding({ ...draft, onTheSpotMeasure: ' 责令停止作业 ' }, list, 4).onTheSpotMeasure).toBe(
      '责令停止作业',
    );
  });
});

describe('evidence', () => {
  const list = [evidence(3, 1), evidence(1, null), evidence(2, 1), evidence(4, 2)];
  it('groups by finding in order', () => {
    expect(evidenceFor(list, 1).map((e) => e.seq)).toEqual([2, 3]);
    expect(evidenceFor(list, null).map((e) => e.seq)).toEqual([1]);
    expect(evidenceFor(list, 9)).toEqual([]);
  });
  it('finds what an upload added', () => {
    expect(addedEvidence(list, [...list, evidence(5, 1)], 1)?.seq).toBe(5);
    expect(addedEvidence(list, [...list, evidence(5, 1)], null)).toBeNull();
    expect(addedEvidence(list, list, 1)).toBeNull();
  });
  it('shortens digests', () => {
    expect(shortDigest('a'.repeat(8) + 'b'.repeat(48) + 'c'.repeat(8))).toBe('aaaaaaaa…cccccccc');
    expect(shortDigest('abc')).toBe('abc');
  });
});

describe('photo compression', () => {
  it('uses JPEG 0.8 at 1600 px', () => {
    expect(PHOTO_MAX_SIDE).toBe(1600);
    expect(PHOTO_QUALITY).toBe(0.8);
  });
  it('scales the longest side down to the limit, keeping the aspect', () => {
    expect(photoTargetSize(4032, 3024)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(photoTargetSize(3024, 4032)).toEqual({ width: 1200, height: 1600, scaled: true });
    expect(photoTargetSize(4000, 1)).toEqual({ width: 1600, height: 1, scaled: true });
    expect(photoTargetSize(3000, 3000)).toEqual({ width: 1600, height: 1600, scaled: true });
    expect(photoTargetSize(1000, 3000, 600)).toEqual({ width: 200, height: 600, scaled: true });
  });
  it('never enlarges and refuses sizes it cannot draw', () => {
    expect(photoTargetSize(1600, 900)).toEqual({ width: 1600, height: 900, scaled: false });
    expect(photoTargetSize(640, 480)).toEqual({ width: 640, height: 480, scaled: false });
    expect(photoTargetSize(0, 480)).toBeNull();
    expect(photoTargetSize(Number.NaN, 480)).toBeNull();
    expect(photoTargetSize(Infinity, 480)).toBeNull();
  });
  it('takes the capture time from lastModified, else now', () => {
    const now = new Date('2026-03-01T08:00:00.000Z');
    expect(capturedAt({ lastModified: Date.parse('2026-03-01T07:30:00.000Z') }, now)).toBe(
      '2026-03-01T07:30:00.000Z',
    );
    expect(capturedAt({}, now)).toBe('2026-03-01T08:00:00.000Z');
    expect(capturedAt({ lastModified: 0 }, now)).toBe('2026-03-01T08:00:00.000Z');
    // A clock far ahead of the server would be refused: now instead.
    expect(capturedAt({ lastModified: Date.parse('2026-03-02T08:00:00.000Z') }, now)).toBe(
      '2026-03-01T08:00:00.000Z',
    );
  });
  it('names the JPEG after the original', () => {
    expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg');
    expect(jpegName('photo')).toBe('photo.jpg');
    expect(jpegName('.jpg')).toBe('photo.jpg');
  });
});

describe('stale versions', () => {
  it('are 409s of the inspection or any *.version_stale', () => {
    expect(isStaleVersion(409, 'inspection.version_stale')).toBe(true);
    expect(isStaleVersion(409, 'inspection.changed')).toBe(true);
    expect(isStaleVersion(422, 'inspection.not_participant')).toBe(false);
    expect(isStaleVersion(403, 'auth.forbidden')).toBe(false);
  });
});
