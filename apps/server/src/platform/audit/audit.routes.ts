import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery, AuditVerification, Problem, type AuditEntry } from '@safegrid/contracts';
import type { DB } from '../db/schema';
import { requireActor } from '../auth/authenticate';
import { auditWho } from '../auth/actor';
import { authorize } from '../auth/policy';
import { AppError } from '../../errors';
import { appendAudit, verifyAuditChain } from './audit-trail';

const errors = { 400: Problem, 401: Problem, 403: Problem };

type AuditRow = Awaited<ReturnType<ReturnType<typeof filteredQuery>['execute']>>[number];

function filteredQuery(db: Kysely<DB>, f: Omit<AuditQuery, 'limit' | 'cursor'>) {
  let q = db.selectFrom('audit_event').selectAll();
  if (f.actor) q = q.where('actor_name', '=', f.actor.trim().toLowerCase());
  if (f.action) q = q.where('action', '=', f.action);
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
  if (f.from) q = q.where('at', '>=', new Date(f.from));
  if (f.to) q = q.where('at', '<', new Date(f.to));
  return q;
}

function presentEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    role: row.role as AuditEntry['role'],
    ip: row.ip,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome,
    before: row.before ?? null,
    after: row.after ?? null,
    hash: Buffer.from(row.hash).toString('hex'),
  };
}

const CSV_COLUMNS = [
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

const cursorOf = (seq: string) => Buffer.from(`seq:${seq}`).toString('base64url');
function seqOf(cursor: string): string {
  const m = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
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
      if (request.query.cursor) q = q.where('seq', '<', seqOf(request.query.cursor));
      const rows = await q
        .orderBy('seq', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentEntry),
        nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!.seq) : null,
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
      const rows = await filteredQuery(db, request.query).orderBy('seq').limit(1_000_000).execute();
      await appendAudit(db, auditWho(actor), {
        action: 'audit.exported',
        resourceType: 'audit',
        after: { filter: request.query, rows: rows.length, lastSeq: rows.at(-1)?.seq ?? null },
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
