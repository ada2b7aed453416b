import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery, AuditVerification, Problem, type AuditEntry } from '@safegrid/contracts';
import type { DB } from '../db/schema';
import { requireActor } from '../auth/authenticate';
import { auditWho } from '../auth/actor';
import { authorize } from '../auth/policy';
import { AppError } from '../../errors';
import { ROLES, type Role } from '@safegrid/contracts/values';

const isRole = (value: string | null): value is Role => (ROLES as readonly (string | null)[]).includes(value);
import { appendAudit, verifyAuditChain } from './audit-trail';

const errors = { 400: Problem, 401: Problem, 403: Problem };

type AuditRow = Awaited<ReturnType<ReturnType<typeof filteredQuery>['execute']>>[number];

function filteredQuery(db: Kysely<DB>, f: Omit<AuditQuery, 'limit' | 'cursor'>) {
  let q = db
    .selectFrom('audit_event as e')
    .leftJoin('audit_seal as s', 's.event_id', 'e.id')
    .selectAll('e')
    .select(['s.seq', 's.hash']);
  if (f.actor) q = q.where('e.actor_name', '=', f.actor.trim());
  if (f.action) q = q.where('e.action', '=', f.action);
  if (f.resourceType) q = q.where('e.resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('e.resource_id', '=', f.resourceId);
  if (f.from) q = q.where('e.at', '>=', new Date(f.from));
  if (f.to) q = q.where('e.at', '<', new Date(f.to));
  return q;
}

function presentEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    // Entries written before every system writer stored a null role may carry 'system': a role
    // that is no user's role is shown as none (the actor's name still says who it was).
    role: isRole(row.role) ? row.role : null,
    ip: row.ip,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome,
    before: row.before ?? null,
    after: row.after ?? null,
    hash: row.hash ? Buffer.from(row.hash).toString('hex') : null,
  };
}

const CSV_COLUMNS = [
  'id',
  'seq',
  'at',
  'actorId',
  'actorName',
  'role',
  'ip',
  'action',
  'resourceType',
  'resourceId',
  'outcome',
  'before',
  'after',
  'hash',
] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const cursorOf = (id: string) => Buffer.from(`id:${id}`).toString('base64url');
function idOf(cursor: string): string {
  const m = /^id:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new AppError('pagination.cursor_invalid');
  return m[1]!;
}

/** The auditor's window on the trail: browse newest first, export for off-box retention, verify. */
export async function auditRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB> }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['identity'],
        summary: 'Audit trail, newest first, filtered',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'audit.read');
      const limit = request.query.limit ?? 50;
      let q = filteredQuery(db, request.query);
      if (request.query.cursor) q = q.where('e.id', '<', idOf(request.query.cursor));
      const rows = await q
        .orderBy('e.id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentEntry),
        nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/audit/export.csv',
    {
      config: { access: 'audit.export' },
      schema: {
        tags: ['identity'],
        summary: 'CSV export of the trail (with hashes) for off-box retention; the export is itself audited',
        querystring: Type.Omit(AuditQuery, ['limit', 'cursor']),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      authorize(actor, 'audit.export');
      const rows = await filteredQuery(db, request.query).orderBy('e.id').limit(1_000_000).execute();
      await appendAudit(db, auditWho(actor), {
        action: 'audit.exported',
        resourceType: 'audit',
        after: { filter: request.query, rows: rows.length, lastId: rows.at(-1)?.id ?? null },
      });
      const lines = [CSV_COLUMNS.join(',')];
      for (const row of rows) {
        const entry = presentEntry(row);
        lines.push(CSV_COLUMNS.map((c) => csvCell(entry[c])).join(','));
      }
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );

  app.get(
    '/audit/verification',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['identity'],
        summary: 'Check the hash chain end to end',
        response: { 200: AuditVerification, ...errors },
      },
    },
    async (request) => {
      authorize(requireActor(request), 'audit.read');
      return verifyAuditChain(db);
    },
  );
}
