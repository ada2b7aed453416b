import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  GenerateServicePackagesBody,
  ServiceEffect,
  ServiceEffectQuery,
  ServicePackageDetail,
  ServicePackageGeneration,
  ServicePackageList,
  ServicePackageListQuery,
} from '@safegrid/contracts';
import { GRADES, SERVICE_EFFECT_WINDOW_DAYS, SERVICE_PREVIEW_SAMPLE } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { authorize } from '../../platform/auth/policy';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';
import { nodeWithinScope, type ReferenceNamesCache } from '../../grid/reference/reference-names';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import type { ServiceContent } from './service-content';
import { matchServiceItems, type MatchedItem } from './match-service-items';
import type {
  CandidateRow,
  NewPackage,
  NodeFilter,
  ServicePackageRepository,
} from './service-package.repository';
import { emptyFigures, figuresOf, presentDetail, presentSummary } from './service-package.presenter';

/**
 * The digest of a generation's matched set (month, library version, and each enterprise with its
 * item ids): equal digests, equal deliveries. The confirm step sends the preview's digest back.
 */
export function generationDigest(
  month: string,
  libraryVersion: string,
  packages: readonly { enterpriseId: string; itemIds: readonly string[] }[],
): string {
  const hash = createHash('sha256').update(`${month}\n${libraryVersion}\n`);
  const lines = packages
    .map((p) => `${p.enterpriseId}:${p.itemIds.join(',')}`)
    .sort()
    .join('\n');
  return hash.update(lines).digest('hex').slice(0, 16);
}

export function createServicePackageService(deps: {
  db: Kysely<DB>;
  packages: ServicePackageRepository;
  content: ServiceContent;
  catalogue: RegulationCatalogue;
  reference: ReferenceNamesCache;
  clock: () => Date;
}) {
  const { db, packages, content, catalogue, reference, clock } = deps;

  /** A jurisdiction node inside the caller's scope, with its level; unknown or outside: 404. */
  async function nodeFor(actor: Actor, id: string | undefined): Promise<NodeFilter | undefined> {
    if (id === undefined) return undefined;
    const node = await nodeWithinScope(reference, actor.scope, id);
    if (!node) throw notFound('jurisdiction', id);
    return { id: node.id, level: node.level };
  }

  function match(row: CandidateRow): MatchedItem[] {
    return matchServiceItems(
      content.items,
      {
        category: row.category,
        grade: row.grade!,
        riskTags: row.tags,
        confinedSpaces: row.confined,
        inputs: row.inputs ?? {},
      },
      content.majorHazardArticles,
    );
  }

  async function detail(trx: Kysely<DB>, actor: Actor, id: string): Promise<ServicePackageDetail> {
    const row = await packages.detail(trx, id, actor.scope);
    if (!row) throw notFound('service_package', id);
    return presentDetail(content, catalogue, row);
  }

  return {
    /**
     * Matches every graded, supervised enterprise in scope without this month's package, in
     * memory on one statement's rows, and (unless a dry run) delivers the packages in one insert
     * with the audit entry, in one transaction. Running it again in the month adds only what is
     * new (enterprises graded since); a dry run writes nothing.
     */
    async generate(actor: Actor, body: GenerateServicePackagesBody): Promise<ServicePackageGeneration> {
      authorize(actor, 'service.manage');
      const node = await nodeFor(actor, body.jurisdictionId);
      const now = clock();
      const month = shenzhenToday(now).slice(0, 7);
      const monthStart = `${month}-01`;

      const run = async (trx: Kysely<DB>): Promise<ServicePackageGeneration> => {
        const rows = await packages.candidates(trx, { scope: actor.scope, node, monthStart, now });
        let ungraded = 0;
        let alreadyDelivered = 0;
        let noMatch = 0;
        const matched: { row: CandidateRow; items: MatchedItem[] }[] = [];
        for (const row of rows) {
          if (row.grade === null || row.inputs === null) ungraded += 1;
          else if (row.delivered) alreadyDelivered += 1;
          else {
            const items = match(row);
            if (items.length === 0) noMatch += 1;
            else matched.push({ row, items });
          }
        }
        const digest = generationDigest(
          month,
          content.version,
          matched.map((m) => ({ enterpriseId: m.row.enterprise_id, itemIds: m.items.map((i) => i.id) })),
        );
        if (!body.dryRun && body.previewDigest !== undefined && body.previewDigest !== digest) {
          throw new AppError('service_package.preview_stale', {
            expected: body.previewDigest,
            actual: digest,
          });
        }

        let created = 0;
        if (!body.dryRun) {
          const rowsToWrite: NewPackage[] = matched.map(({ row, items }) => ({
            enterprise_id: row.enterprise_id,
            items: items.map((i) => ({ id: i.id, kind: i.kind, refs: i.refs })),
            matched_because: Object.fromEntries(items.map((i) => [i.id, i.because])),
            grade: row.grade!,
            score: row.score!,
            model_version: row.model_version!,
            hazards: row.hazards12m,
          }));
          created = await packages.insertPackages(trx, rowsToWrite, {
            monthStart,
            libraryVersion: content.version,
            createdBy: actor.userId,
            at: now,
          });
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: 'service_packages.generated',
              resourceType: 'service_package',
              resourceId: month,
              after: {
                month,
                jurisdictionId: node?.id ?? null,
                libraryVersion: content.version,
                matched: matched.length,
                created,
                digest,
              },
            },
            now,
          );
        }

        const perItem = new Map<string, number>();
        const byGrade = { red: 0, orange: 0, yellow: 0, blue: 0, general: 0 };
        for (const { row, items } of matched) {
          byGrade[row.grade!] += 1;
          for (const i of items) perItem.set(i.id, (perItem.get(i.id) ?? 0) + 1);
        }
        return {
          month,
          dryRun: body.dryRun,
          libraryVersion: content.version,
          enterprises: rows.length - ungraded,
          ungraded,
          alreadyDelivered,
          noMatch,
          matched: matched.length,
          created,
          digest,
          items: content.items
            .filter((i) => perItem.has(i.id))
            .map((i) => ({
              itemId: i.id,
              kind: i.kind,
              title: { ...i.title },
              packages: perItem.get(i.id)!,
            })),
          byGrade,
          sample: matched.slice(0, SERVICE_PREVIEW_SAMPLE).map(({ row, items }) => ({
            enterpriseId: row.enterprise_id,
            enterpriseName: row.name,
            grade: row.grade!,
            itemIds: items.map((i) => i.id),
          })),
        };
      };
      return body.dryRun ? run(db) : db.transaction().execute(run);
    },

    async list(actor: Actor, query: ServicePackageListQuery): Promise<ServicePackageList> {
      authorize(actor, 'profile.read');
      const limit = query.limit ?? 50;
      if (
        query.enterpriseId !== undefined &&
        !(await packages.enterpriseInScope(query.enterpriseId, actor.scope))
      ) {
        throw notFound('enterprise', query.enterpriseId);
      }
      const rows = await packages.list({
        scope: actor.scope,
        enterpriseId: query.enterpriseId,
        after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentSummary),
        nextCursor: rows.length > limit ? encodeCursor(String(page[page.length - 1]!.id)) : null,
      };
    },

    get(actor: Actor, id: string): Promise<ServicePackageDetail> {
      authorize(actor, 'profile.read');
      return detail(db, actor, id);
    },

    /**
     * The enterprise account confirms it has read its package (已阅知). Idempotent: a second call
     * answers the package as it stands and records nothing; another enterprise's package is 404.
     */
    async acknowledge(actor: Actor, id: string): Promise<ServicePackageDetail> {
      authorize(actor, 'service.acknowledge');
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const changed = await packages.acknowledge(trx, id, {
          scope: actor.scope,
          userId: actor.userId,
          at: now,
        });
        const result = await detail(trx, actor, id);
        if (changed) {
          await appendAudit(
            trx,
            auditWho(actor),
            {
              action: 'service_package.acknowledged',
              resourceType: 'service_package',
              resourceId: id,
              after: { enterpriseId: result.enterpriseId, month: result.month },
            },
            now,
          );
        }
        return result;
      });
    },

    async effect(actor: Actor, query: ServiceEffectQuery): Promise<ServiceEffect> {
      authorize(actor, 'service.manage');
      const node = await nodeFor(actor, query.jurisdictionId);
      const now = clock();
      const rows = await packages.effect({
        scope: actor.scope,
        node,
        now,
        windowDays: SERVICE_EFFECT_WINDOW_DAYS,
      });
      const byGrade = new Map(rows.map((r) => [r.grade_at_delivery, r]));
      const present = GRADES.filter((g) => byGrade.has(g)).map((g) => ({
        gradeAtDelivery: g,
        ...figuresOf(byGrade.get(g)!),
      }));
      const total = emptyFigures();
      for (const r of present) {
        total.packages += r.packages;
        total.acknowledged += r.acknowledged;
        total.hazardsBefore += r.hazardsBefore;
        total.hazardsAfter += r.hazardsAfter;
        total.afterWindowOpen += r.afterWindowOpen;
        total.improved += r.improved;
        total.same += r.same;
        total.worse += r.worse;
        total.ungraded += r.ungraded;
      }
      total.acknowledgedShare =
        total.packages > 0 ? Math.round((total.acknowledged / total.packages) * 1000) / 1000 : null;
      return { asOf: now.toISOString(), windowDays: SERVICE_EFFECT_WINDOW_DAYS, rows: present, total };
    },
  };
}

export type ServicePackageService = ReturnType<typeof createServicePackageService>;
