import { createHash } from 'node:crypto';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Who did it. Sign-in failures have no actor id yet, only the name that was tried. */
export interface AuditWho {
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  ip: string | null;
}

export interface AuditRecord {
  /** Dotted verb, e.g. `enterprise.updated`, `auth.sign_in_failed`. */
  action: string;
  outcome?: 'success' | 'failure';
  resourceType?: string;
  resourceId?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditFields extends AuditWho {
  at: Date;
  action: string;
  outcome: 'success' | 'failure';
  resourceType: string | null;
  resourceId: string | null;
  before: unknown;
  after: unknown;
}

export const GENESIS_HASH = new Uint8Array(32);

/** JSON with keys sorted at every depth: the same entry always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * The stored values round-trip through jsonb (key order, number spelling and Dates change on the
 * way), so the canonical form is taken of the JSON value, not of the caller's object.
 */
function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * PostgreSQL cannot store U+0000 (in text or jsonb), and the driver sends a lone UTF-16
 * surrogate as U+FFFD in text while JSON.stringify writes it as an escape that jsonb rejects.
 * Left alone, either makes the entry unwritable (the audited change fails with it) or, in a text
 * column, stores a character other than the one hashed, so the intact chain reads as tampered.
 * Both become U+FFFD, in strings and keys, before the entry is hashed and stored: what is hashed
 * is then exactly what the database keeps. Strings already storable are unchanged (no old hash
 * changes).
 */
const UNSTORABLE = new RegExp(
  String.raw`\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`,
  'g',
);

function storableText<T extends string | null>(text: T): T {
  return (typeof text === 'string' ? text.replace(UNSTORABLE, '\ufffd') : text) as T;
}

function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(storableJson);
  // fromEntries defines own properties, so a "__proto__" key stays a key.
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)] as const),
  );
}

let auditEnabled = true;

/**
 * FOR THE BENCHMARK BASELINE ONLY (tools/bench/bench-audit.ts): with `false`, appendAudit does
 * nothing at all, so the same endpoint can be timed without its audit statement. Production code
 * never calls this; the audit trail has no off switch in configuration.
 */
export function setAuditEnabledForBenchmark(enabled: boolean): void {
  auditEnabled = enabled;
}

export function canonicalAuditEntry(f: AuditFields): string {
  return canonicalJson({
    at: f.at.toISOString(),
    actorId: f.actorId,
    actorName: f.actorName,
    role: f.role,
    ip: f.ip,
    action: f.action,
    outcome: f.outcome,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    before: asStoredJson(f.before),
    after: asStoredJson(f.after),
  });
}

/** SHA-256(previous hash ‖ "seq\n" ‖ canonical entry): the same formula as the SQL in appendAudit. */
export function chainHash(previous: Uint8Array, seq: string, canonical: string): Buffer {
  return createHash('sha256').update(previous).update(`${seq}\n${canonical}`, 'utf8').digest();
}

function auditFields(who: AuditWho, record: AuditRecord, at: Date): AuditFields {
  return {
    actorId: storableText(who.actorId),
    actorName: storableText(who.actorName),
    role: storableText(who.role),
    ip: storableText(who.ip),
    at,
    action: storableText(record.action),
    outcome: record.outcome ?? 'success',
    resourceType: storableText(record.resourceType ?? null),
    resourceId: storableText(record.resourceId ?? null),
    before: storableJson(asStoredJson(record.before)),
    after: storableJson(asStoredJson(record.after)),
  };
}

/**
 * The statement that records an entry after `change` (a data-modifying query with RETURNING, or
 * a constant row): the tip advances only when the change returned a row, under the tip's row
 * lock, and the entry's hash is computed from the previous one in the same statement. The
 * change's rows come back as the statement's result.
 */
function auditStatement(change: CompiledQuery, who: AuditWho, record: AuditRecord, at: Date): CompiledQuery {
  const fields = auditFields(who, record, at);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const values = [
    canonicalAuditEntry(fields),
    at.toISOString(),
    fields.actorId,
    fields.actorName,
    fields.role,
    fields.ip,
    fields.action,
    fields.resourceType,
    fields.resourceId,
    fields.outcome,
    json(fields.before),
    json(fields.after),
  ];
  const $ = (i: number) => `$${change.parameters.length + i}`;
  const text = `WITH change AS (${change.sql}),
    head AS (
      UPDATE audit_head
         SET seq = seq + 1,
             hash = sha256(hash || convert_to((seq + 1)::text || E'\n' || ${$(1)}::text, 'UTF8'))
       WHERE id = 1 AND EXISTS (SELECT 1 FROM change)
      RETURNING seq, hash),
    entry AS (
      INSERT INTO audit_event (seq, at, actor_id, actor_name, role, ip, action, resource_type,
                               resource_id, outcome, before, after, hash)
      SELECT head.seq, ${$(2)}::timestamptz, ${$(3)}::bigint, ${$(4)}::text, ${$(5)}::text,
             ${$(6)}::text, ${$(7)}::text, ${$(8)}::text, ${$(9)}::text, ${$(10)}::text,
             ${$(11)}::jsonb, ${$(12)}::jsonb, head.hash
        FROM head)
    SELECT * FROM change`;
  return CompiledQuery.raw(text, [...change.parameters, ...values]);
}

/**
 * Appends one entry. Run it inside the transaction of the change it records, so the change and
 * its trace commit or vanish together. The UPDATE of audit_head takes its row lock: concurrent
 * writers queue there until commit, which gives the chain one order and costs one statement.
 */
export async function appendAudit(
  executor: Kysely<DB>,
  who: AuditWho,
  record: AuditRecord,
  at: Date = new Date(),
): Promise<void> {
  if (!auditEnabled) return;
  await executor.executeQuery(auditStatement(CompiledQuery.raw('SELECT 1 AS one', []), who, record, at));
}

/**
 * Runs a data-modifying query (with RETURNING) and records it in the same statement: one round
 * trip instead of two on the hot write paths. The entry is written only if the query changed a
 * row, so `record` must describe the change before it happens (the caller knows the values it
 * sets). Returns the query's rows.
 */
export async function auditedWrite<R>(
  executor: Kysely<DB>,
  change: Compilable<R>,
  who: AuditWho,
  record: AuditRecord,
  at: Date = new Date(),
): Promise<R[]> {
  const compiled = change.compile();
  if (!auditEnabled) return (await executor.executeQuery(compiled)).rows;
  return (await executor.executeQuery(auditStatement(compiled, who, record, at))).rows as R[];
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: string | null;
  reason: 'hash_mismatch' | 'sequence_gap' | 'tip_mismatch' | null;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Walks the whole chain in seq order. An edited entry fails its own hash; a deleted one leaves a
 * gap; a reordering breaks the hash of the entry that now follows a different predecessor; a
 * truncated tail no longer matches audit_head. (Off-box exports cover an attacker who rewrites
 * everything including the head: compare their last hash with the live one.)
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  options: { batch?: number; onProgress?: (checked: number) => void } = {},
): Promise<ChainVerification> {
  const batch = options.batch ?? 5000;
  // The tip first: entries up to its seq were committed with it (same transaction), so the walk
  // checks a consistent prefix however many writes land while it runs.
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const tipSeq = head ? BigInt(head.seq) : 0n;
  let previous: Uint8Array = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  let after = '0';
  const broken = (seq: bigint | string, reason: ChainVerification['reason']): ChainVerification => ({
    ok: false,
    checked,
    firstBrokenSeq: String(seq),
    reason,
  });
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', String(tipSeq))
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      // A missing entry is named by the seq that should be there.
      if (BigInt(row.seq) !== expectedSeq) return broken(expectedSeq, 'sequence_gap');
      const canonical = canonicalAuditEntry({
        at: row.at,
        actorId: row.actor_id,
        actorName: row.actor_name,
        role: row.role,
        ip: row.ip,
        action: row.action,
        outcome: row.outcome,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        before: row.before,
        after: row.after,
      });
      const expected = chainHash(previous, row.seq, canonical);
      if (!expected.equals(toBuffer(row.hash))) return broken(row.seq, 'hash_mismatch');
      previous = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
    options.onProgress?.(checked);
    if (rows.length < batch) break;
    after = rows[rows.length - 1]!.seq;
  }
  if (!head || expectedSeq - 1n !== tipSeq || !toBuffer(head.hash).equals(toBuffer(previous))) {
    return broken(expectedSeq, 'tip_mismatch');
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
