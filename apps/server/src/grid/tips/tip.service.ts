import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import { SubmitTip, type TipStatus } from '@safegrid/contracts';
import { TIP_LIMITS, TIP_PHOTO_TYPES } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import { appendAudit, type AuditWho } from '../../platform/audit/audit-trail';
import { evidenceMediaType, sha256Hex } from '../../platform/files/evidence-media';
import type { DispatchData } from '../dispatch/dispatch-data';
import { stepDeadline } from '../dispatch/dispatch-machine';
import type { DispatchRepository } from '../dispatch/dispatch.repository';
import type { GridLocator } from './tip-grid-locator';
import type { TipUpload } from './tip-upload-reader';
import type { TipRepository } from './tip.repository';
import { newTrackingCode, normaliseTrackingCode } from './tracking-code';

export interface TipDeps {
  db: Kysely<DB>;
  tips: TipRepository;
  events: DispatchRepository;
  locator: GridLocator;
  data: DispatchData;
  clock: () => Date;
}

/**
 * The audit actor of a public tip. No account, and no address either: the trail keeps the same
 * salted hash the tip row keeps, so a reporter's address is stored nowhere.
 */
const PUBLIC: AuditWho = { actorId: null, actorName: 'public', role: null, ip: null };
const HOUR_MS = 3_600_000;
const PHOTO_TYPES: ReadonlySet<string> = new Set(TIP_PHOTO_TYPES);

/** The schema's verdict on the fields, as the 400 a JSON body with a schema would get. */
function checkFields(fields: Record<string, unknown>): SubmitTip {
  if (Value.Check(SubmitTip, fields)) return fields;
  const problems: FieldProblem[] = [...Value.Errors(SubmitTip, fields)]
    .filter((e) => e.keyword !== 'boolean')
    .map((e) => ({ pointer: `/body${e.instancePath}`, code: `schema.${e.keyword}` }));
  throw new AppError('request.invalid', {}, problems);
}

export interface TipSubmission {
  trackingCode: string;
  /** True when this was a retry of a tip already stored (same clientId). */
  replayed: boolean;
}

/**
 * Public tips: anyone may submit one (no session), limited per address in the database; the tip
 * becomes a dispatch event (source tip, received) of the grid that holds its point.
 */
export function createTipService(deps: TipDeps) {
  const { db, tips, events, locator, data, clock } = deps;

  return {
    async submit(upload: TipUpload, client: { ip: string }): Promise<TipSubmission> {
      const input = checkFields(upload.fields);
      const description = input.description.trim();
      if (description === '') rejectFields([{ pointer: '/body/description', code: 'tip.description_blank' }]);
      if (upload.photos.length > TIP_LIMITS.photos)
        throw new AppError('tip.too_many_photos', { max: TIP_LIMITS.photos });
      const photos = upload.photos.map((photo, i) => {
        if (photo.truncated) throw new AppError('tip.photo_too_large', { index: i });
        const type = photo.bytes.length > 0 ? evidenceMediaType(photo.bytes, photo.declaredType) : null;
        if (!type || !PHOTO_TYPES.has(type)) {
          rejectFields([
            { pointer: `/body/photo/${i}`, code: 'tip.photo_type_invalid', params: { index: i } },
          ]);
        }
        return { bytes: photo.bytes, type, sha256: sha256Hex(photo.bytes) };
      });
      const place = await locator.locate(input.lon, input.lat);
      if (!place) {
        rejectFields([
          { pointer: '/body', code: 'tip.outside_city', params: { lat: input.lat, lon: input.lon } },
        ]);
      }
      const ipHash = sha256Hex(Buffer.concat([await tips.salt(), Buffer.from(client.ip, 'utf8')]));
      const now = clock();
      return db.transaction().execute(async (trx) => {
        await tips.lock(trx, input.clientId, ipHash);
        const earlier = await tips.byClientId(trx, input.clientId);
        if (earlier) {
          // A retry (the answer was lost on the way) gets its code back and writes nothing; the
          // same id with another tip is a client bug, said plainly rather than guessed at.
          const same =
            earlier.description === description && earlier.lat === input.lat && earlier.lon === input.lon;
          if (!same) throw new AppError('tip.client_id_conflict');
          return { trackingCode: earlier.tracking_code, replayed: true };
        }
        const recent = await tips.recentFrom(trx, ipHash, new Date(now.getTime() - HOUR_MS));
        if (recent.n >= TIP_LIMITS.perAddressPerHour) {
          const frees = new Date(recent.oldest!).getTime() + HOUR_MS;
          const retryAfterSeconds = Math.max(1, Math.ceil((frees - now.getTime()) / 1000));
          throw new AppError('request.rate_limited', { retryAfterSeconds });
        }
        const eventId = await events.insertEvent(
          trx,
          {
            source: 'tip',
            description,
            lat: input.lat,
            lon: input.lon,
            ...place,
            finder_id: null,
            step_due_at: stepDeadline('received', 'normal', data.sla, now),
            created_at: now,
          },
          { actorId: null, actorName: PUBLIC.actorName! },
        );
        // 59 random bits: a collision would fail the UNIQUE constraint and the reporter retries
        // with the same clientId, which is safe; not worth a retry loop.
        const trackingCode = newTrackingCode();
        const tipId = await tips.insertTip(trx, {
          tracking_code: trackingCode,
          client_id: input.clientId,
          event_id: eventId,
          contact_phone: input.contactPhone?.trim() || null,
          ip_hash: ipHash,
          created_at: now,
        });
        for (const [i, photo] of photos.entries()) {
          await tips.insertPhoto(trx, {
            tip_id: tipId,
            seq: i + 1,
            media_type: photo.type!,
            size_bytes: photo.bytes.length,
            sha256: photo.sha256,
            content: photo.bytes,
          });
        }
        await appendAudit(
          trx,
          PUBLIC,
          {
            action: 'tip.submitted',
            resourceType: 'dispatch_event',
            resourceId: eventId,
            after: {
              tipId,
              gridId: place.grid_id,
              ipHash,
              photos: photos.map((p) => ({ sha256: p.sha256, mediaType: p.type, sizeBytes: p.bytes.length })),
            },
          },
          now,
        );
        return { trackingCode, replayed: false };
      });
    },

    async status(code: string): Promise<TipStatus> {
      const trackingCode = normaliseTrackingCode(code);
      const found = await tips.status(trackingCode);
      if (!found) throw notFound('tip', trackingCode);
      return {
        trackingCode,
        status: found.tip.status,
        submittedAt: found.tip.created_at.toISOString(),
        timeline: found.steps.map((s) => ({ status: s.to_status, at: s.at.toISOString() })),
      };
    },
  };
}

export type TipService = ReturnType<typeof createTipService>;
