import { createHash } from 'node:crypto';
import { CompiledQuery, sql, type Compilable, type Kysely, type Selectable } from 'kysely';
import type { AuditEventTable, DB } from '../db/schema';

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
 * a constant row): the entry is inserted only when the change returned a row, and the change's
 * rows come back as the statement's result. No lock and no hash here: the sealer chains entries
 * once their transactions are over (sealAuditTrail), so concurrent writers never queue.
 */
function auditStatement(change: CompiledQuery, who: AuditWho, record: AuditRecord, at: Date): CompiledQuery {
  const fields = auditFields(who, record, at);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const values = [
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
    entry AS (
      INSERT INTO audit_event (at, actor_id, actor_name, role, ip, action, resource_type,
                               resource_id, outcome, before, after)
      SELECT ${$(1)}::timestamptz, ${$(2)}::bigint, ${$(3)}::text, ${$(4)}::text, ${$(5)}::text,
             ${$(6)}::text, ${$(7)}::text, ${$(8)}::text, ${$(9)}::text, ${$(10)}::jsonb,
             ${$(11)}::jsonb
       WHERE EXISTS (SELECT 1 FROM change))
    SELECT * FROM change`;
  return CompiledQuery.raw(text, [...change.parameters, ...values]);
}

/**
 * Appends one entry. Run it inside the transaction of the change it records, so the change and
 * its trace commit or vanish together.
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
  reason: 'hash_mismatch' | 'sequence_gap' | 'entry_missing' | 'tip_mismatch' | null;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type EventRow = Selectable<AuditEventTable>;

/** The canonical form of an entry as stored: what its seal's hash covers. */
export function canonicalOfRow(row: EventRow): string {
  return canonicalAuditEntry({
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
}

/**
 * Chains the entries whose transactions are over, in (transaction, id) order: every transaction
 * still running has an id at or above the snapshot's xmin, so nothing can later appear before
 * what is sealed. One sealer at a time (the tip's row lock); returns how many entries it sealed.
 * Between an entry's commit and its seal (under a second with the sealer running) the entry is
 * not yet protected by the chain.
 */
export async function sealAuditTrail(db: Kysely<DB>, options: { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? 2000;
  let sealed = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      const head = await trx
        .selectFrom('audit_head')
        .select(['seq', 'hash', 'sealed_below_xid'])
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const { rows } = await sql<EventRow & { horizon: string }>`
        WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
        SELECT e.*, horizon.xmin::text AS horizon
          FROM horizon LEFT JOIN LATERAL (
            SELECT * FROM audit_event e
             WHERE e.xid >= ${head.sealed_below_xid}::xid8 AND e.xid < horizon.xmin
               AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = e.id)
             ORDER BY e.xid, e.id
             LIMIT ${batch}) e ON true`.execute(trx);
      const horizon = rows[0]!.horizon;
      const events = rows.filter((r) => r.id !== null);
      let seq = BigInt(head.seq);
      let hash: Uint8Array = head.hash;
      const seals = events.map((event) => {
        seq += 1n;
        hash = chainHash(hash, String(seq), canonicalOfRow(event));
        return { seq: String(seq), event_id: event.id, hash };
      });
      for (let i = 0; i < seals.length; i += 1000) {
        await trx
          .insertInto('audit_seal')
          .values(seals.slice(i, i + 1000))
          .execute();
      }
      // Nothing final to chain: leave the tip alone (an idle sealer writes nothing).
      if (events.length === 0) return 0;
      // A full batch may have left entries of its last transaction: resume from that one.
      const below = events.length === batch ? events[events.length - 1]!.xid : horizon;
      await trx
        .updateTable('audit_head')
        .set({ seq: String(seq), hash, sealed_below_xid: below })
        .where('id', '=', 1)
        .execute();
      return events.length;
    });
    sealed += count;
    if (count < batch) return sealed;
  }
}

/** Seals in the background every interval (and on demand); errors are logged, never thrown. */
export function startAuditSealer(
  db: Kysely<DB>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
) {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    running ??= sealAuditTrail(db)
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void run();
  }, options.intervalMs ?? 500);
  timer.unref();
  return {
    sealNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await run();
    },
  };
}

/**
 * Seals what is final, then walks the whole chain in seq order. An edited entry fails its seal's
 * hash; a deleted entry leaves its seal pointing at nothing; a deleted seal leaves a gap; a
 * reordering breaks the hash of the seal that now follows a different predecessor; a cut tail
 * no longer matches audit_head. The tip is read first, so writes landing meanwhile cause no
 * false alarm. (Off-box exports cover an attacker who rewrites everything including the head.)
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  options: { batch?: number; onProgress?: (checked: number) => void } = {},
): Promise<ChainVerification> {
  await sealAuditTrail(db);
  const batch = options.batch ?? 5000;
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
      .selectFrom('audit_seal as s')
      .leftJoin('audit_event as e', 'e.id', 's.event_id')
      .selectAll('e')
      .select(['s.seq as seal_seq', 's.hash as seal_hash', 's.event_id as seal_event_id'])
      .where('s.seq', '>', after)
      .where('s.seq', '<=', String(tipSeq))
      .orderBy('s.seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      // A missing seal is named by the seq that should be there.
      if (BigInt(row.seal_seq) !== expectedSeq) return broken(expectedSeq, 'sequence_gap');
      if (row.id === null) return broken(row.seal_seq, 'entry_missing');
      const expected = chainHash(previous, row.seal_seq, canonicalOfRow(row as EventRow));
      if (!expected.equals(toBuffer(row.seal_hash))) return broken(row.seal_seq, 'hash_mismatch');
      previous = row.seal_hash;
      expectedSeq += 1n;
      checked += 1;
    }
    options.onProgress?.(checked);
    if (rows.length < batch) break;
    after = rows[rows.length - 1]!.seal_seq;
  }
  if (!head || expectedSeq - 1n !== tipSeq || !toBuffer(head.hash).equals(toBuffer(previous))) {
    return broken(expectedSeq, 'tip_mismatch');
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
