import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/test-database';
import type { Database } from '../db/database';
import type { DB } from '../db/schema';
import {
  appendAudit,
  auditedWrite,
  canonicalOfRow,
  canonicalJson,
  chainHash,
  sealAuditTrail,
  startAuditSealer,
  verifyAuditChain,
  type AuditWho,
} from './audit-trail';

let database: Database;
let db: Kysely<DB>;
let cleanup: () => Promise<void>;
const onPostgres = Boolean(process.env.SAFEGRID_TEST_DATABASE_URL);

beforeAll(async () => {
  const t = await openTestDatabase('audit');
  database = t.database;
  db = database.db;
  cleanup = t.cleanup;
});
afterAll(async () => {
  await cleanup();
});

const who = (i: number): AuditWho => ({
  actorId: String(i),
  actorName: `officer-${i}`,
  role: 'city_admin',
  ip: '127.0.0.1',
});

function append(i: number, executor: Kysely<DB> = db) {
  return appendAudit(executor, who(i), {
    action: 'enterprise.updated',
    resourceType: 'enterprise',
    resourceId: String(i),
    before: { employees: i, name: '深圳市新安模具有限公司' },
    after: {
      employees: i + 1,
      name: '深圳市新安模具有限公司',
      location: [114.01, 22.5],
      tags: { z: 1, a: null },
    },
  });
}

/**
 * What an attacker with owner rights does: switch the append-only triggers off, change the
 * table, switch them back on — all in one transaction, as one might to leave no window.
 */
async function asOwner(tamper: (trx: Kysely<DB>) => Promise<unknown>) {
  await db.transaction().execute(async (trx) => {
    for (const table of ['audit_event', 'audit_seal', 'audit_head']) {
      await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(trx);
    }
    await tamper(trx);
    for (const table of ['audit_event', 'audit_seal', 'audit_head']) {
      await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(trx);
    }
  });
}

/** An empty chain (owner rights again: the triggers refuse the DELETE otherwise). */
async function freshChain(entries: number) {
  await asOwner(async (trx) => {
    await sql`DELETE FROM audit_seal`.execute(trx);
    await sql`DELETE FROM audit_event`.execute(trx);
    await sql`UPDATE audit_head SET seq = 0, hash = decode(repeat('00', 32), 'hex'), sealed_below_xid = '0'::xid8
               WHERE id = 1`.execute(trx);
  });
  for (let i = 1; i <= entries; i++) await append(i);
  await sealAuditTrail(db);
}

/** The sealed positions, after sealing whatever is final. */
const seqs = async () => {
  await sealAuditTrail(db);
  return (await db.selectFrom('audit_seal').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
};

/** The entry at a chain position (SQL, for tampering). */
const eventAt = (seq: number) => sql`(SELECT event_id FROM audit_seal WHERE seq = ${seq})`;

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('appending', () => {
  it('chains N entries; entries of a rolled-back transaction leave no trace and no gap', async () => {
    await freshChain(0);
    const rollBack = new Error('roll back');
    const aborted = async (ids: number[]) => {
      await expect(
        db.transaction().execute(async (trx) => {
          for (const id of ids) await append(id, trx);
          throw rollBack;
        }),
      ).rejects.toBe(rollBack);
    };
    await append(1);
    await append(2);
    await aborted([901, 902]);
    await append(3);
    // Committed ones inside a transaction count, like enterprise.update's.
    await db.transaction().execute(async (trx) => {
      await append(4, trx);
      await append(5, trx);
    });
    await aborted([903]);
    await append(6);
    await append(7);

    expect(await seqs()).toEqual(range(7));
    const resources = await db
      .selectFrom('audit_seal as s')
      .innerJoin('audit_event as e', 'e.id', 's.event_id')
      .select('e.resource_id')
      .orderBy('s.seq')
      .execute();
    expect(resources.map((r) => r.resource_id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const head = await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    expect(head.seq).toBe('7');
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 7, firstBrokenSeq: null, reason: null });
    // Small batches walk the same chain across batch boundaries.
    expect(await verifyAuditChain(db, { batch: 2 })).toMatchObject({ ok: true, checked: 7 });
  });

  it('gives concurrent appends one order: contiguous seq 1..N and a valid chain', async () => {
    await freshChain(0);
    const n = 50;
    // On PostgreSQL these run on the pool's connections at once, with no lock between them.
    await Promise.all(range(n).map((i) => append(i)));
    expect(await seqs()).toEqual(range(n));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: n, firstBrokenSeq: null, reason: null });
  });

  it('keeps concurrent transactions that roll back out of the chain', async () => {
    await freshChain(0);
    const results = await Promise.allSettled(
      range(30).map((i) =>
        db.transaction().execute(async (trx) => {
          await append(i, trx);
          if (i % 3 === 0) throw new Error('roll back');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    expect(await seqs()).toEqual(range(20));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 20 });
  });
});

describe('sealing', () => {
  it.skipIf(!onPostgres)(
    'waits for a running transaction, then chains in transaction order: a late commit never lands before what is sealed',
    async () => {
      await freshChain(0);
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let appended!: () => void;
      const inside = new Promise<void>((r) => (appended = r));
      // Transaction A writes an entry first and commits last.
      const slow = db.transaction().execute(async (trx) => {
        await appendAudit(trx, who(1), { action: 'slow', resourceId: 'A' });
        appended();
        await released;
      });
      await inside;
      await appendAudit(db, who(2), { action: 'fast', resourceId: 'B' });
      // B committed, but A (an older transaction) is still running: nothing may be chained yet.
      expect(await sealAuditTrail(db)).toBe(0);
      release();
      await slow;
      expect(await sealAuditTrail(db)).toBe(2);
      const order = await db
        .selectFrom('audit_seal as s')
        .innerJoin('audit_event as e', 'e.id', 's.event_id')
        .select(['s.seq', 'e.resource_id'])
        .orderBy('s.seq')
        .execute();
      expect(order).toEqual([
        { seq: '1', resource_id: 'A' },
        { seq: '2', resource_id: 'B' },
      ]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 2 });
    },
  );

  it('seals in the background and on stop, in batches', async () => {
    await freshChain(0);
    const sealer = startAuditSealer(db, { intervalMs: 20 });
    for (let i = 1; i <= 5; i++) await append(i);
    await sealer.stop();
    const sealed = await db.selectFrom('audit_seal').select('seq').orderBy('seq').execute();
    expect(sealed.map((r) => Number(r.seq))).toEqual(range(5));
    for (let i = 6; i <= 12; i++) await append(i);
    expect(await sealAuditTrail(db, { batch: 3 })).toBe(7);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 12 });
  });
});

describe('auditedWrite: the change and its entry in one statement', () => {
  it('records the change when it touched a row, returns its rows, and records nothing otherwise', async () => {
    await freshChain(2);
    const who = { actorId: '1', actorName: 'admin', role: 'city_admin', ip: '127.0.0.1' };
    const inserted = await auditedWrite(
      db,
      db
        .insertInto('industry')
        .values({
          code: 'Z9999',
          level: 4,
          name: '测试行业',
          parent_code: null,
          gongmao_category: null,
          category_source: null,
        })
        .returning('code'),
      who,
      {
        action: 'industry.created',
        resourceType: 'industry',
        resourceId: 'Z9999',
        after: { name: '测试行业' },
      },
    );
    expect(inserted).toEqual([{ code: 'Z9999' }]);
    const none = await auditedWrite(
      db,
      db.updateTable('industry').set({ name: '无' }).where('code', '=', 'NOPE').returning('code'),
      who,
      { action: 'industry.updated', resourceType: 'industry', resourceId: 'NOPE' },
    );
    expect(none).toEqual([]);
    expect(await seqs()).toEqual([1, 2, 3]);
    const last = await db
      .selectFrom('audit_seal as s')
      .innerJoin('audit_event as e', 'e.id', 's.event_id')
      .selectAll('e')
      .where('s.seq', '=', '3')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      action: 'industry.created',
      resource_id: 'Z9999',
      after: { name: '测试行业' },
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 3 });
  });

  it('rolls back with the change: a failing change leaves no entry and no gap', async () => {
    await freshChain(1);
    const who = { actorId: '1', actorName: 'admin', role: 'city_admin', ip: null };
    await expect(
      auditedWrite(
        db,
        db
          .insertInto('industry')
          .values({
            code: 'Z9999',
            level: 4,
            name: '重复',
            parent_code: null,
            gongmao_category: null,
            category_source: null,
          })
          .returning('code'),
        who,
        { action: 'industry.created' },
      ),
    ).rejects.toThrow();
    await append(2);
    expect(await seqs()).toEqual([1, 2]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 2 });
  });
});

describe('tampering directly in the database (owner rights, triggers disabled)', () => {
  const ENTRIES = 6;

  it('(a) an edited `after` fails that entry’s own hash', async () => {
    await freshChain(ENTRIES);
    await asOwner((trx) =>
      sql`UPDATE audit_event SET after = jsonb_set(after, '{employees}', '999') WHERE id = ${eventAt(3)}`.execute(
        trx,
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: '3',
      reason: 'hash_mismatch',
    });
  });

  it('(a) an edited actor_name fails that entry’s own hash', async () => {
    await freshChain(ENTRIES);
    await asOwner((trx) =>
      sql`UPDATE audit_event SET actor_name = 'someone-else' WHERE id = ${eventAt(4)}`.execute(trx),
    );
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 3,
      firstBrokenSeq: '4',
      reason: 'hash_mismatch',
    });
  });

  it('(b) a deleted middle entry leaves its seal pointing at nothing', async () => {
    await freshChain(ENTRIES);
    await asOwner((trx) => sql`DELETE FROM audit_event WHERE id = ${eventAt(3)}`.execute(trx));
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: '3',
      reason: 'entry_missing',
    });
  });

  it('(b) a deleted middle seal leaves a gap, reported at the missing seq', async () => {
    await freshChain(ENTRIES);
    await asOwner((trx) => sql`DELETE FROM audit_seal WHERE seq = 3`.execute(trx));
    // The walk expects 3 and finds 4: it names the missing seq, having checked 1 and 2.
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: '3',
      reason: 'sequence_gap',
    });
  });

  it('(c) two entries swapped (their seq exchanged) break the hash at the earlier position', async () => {
    await freshChain(ENTRIES);
    await asOwner(async (trx) => {
      await sql`UPDATE audit_seal SET seq = -2 WHERE seq = 2`.execute(trx);
      await sql`UPDATE audit_seal SET seq = 2 WHERE seq = 5`.execute(trx);
      await sql`UPDATE audit_seal SET seq = 5 WHERE seq = -2`.execute(trx);
    });
    expect(await seqs()).toEqual(range(ENTRIES));
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 1,
      firstBrokenSeq: '2',
      reason: 'hash_mismatch',
    });
  });

  it('(d) a deleted last entry no longer matches audit_head', async () => {
    await freshChain(ENTRIES);
    await asOwner((trx) => sql`DELETE FROM audit_seal WHERE seq = ${ENTRIES}`.execute(trx));
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: ENTRIES - 1,
      firstBrokenSeq: String(ENTRIES),
      reason: 'tip_mismatch',
    });
  });

  it('documents the limit: an owner who rewrites an entry, every later hash and the head is not detected', async () => {
    // The chain is an unkeyed hash: anyone who can write the tables can recompute it. Only a
    // copy of a hash kept elsewhere (an export, a published tip) catches this.
    await freshChain(ENTRIES);
    await asOwner(async (trx) => {
      await sql`UPDATE audit_event SET actor_name = 'someone-else' WHERE id = ${eventAt(3)}`.execute(trx);
      const rows = await trx
        .selectFrom('audit_seal as s')
        .innerJoin('audit_event as e', 'e.id', 's.event_id')
        .selectAll('e')
        .select(['s.seq', 's.hash'])
        .orderBy('s.seq')
        .execute();
      let previous: Uint8Array = rows[1]!.hash;
      for (const row of rows.slice(2)) {
        const hash = chainHash(previous, row.seq, canonicalOf(row));
        await sql`UPDATE audit_seal SET hash = ${hash} WHERE seq = ${row.seq}`.execute(trx);
        previous = hash;
      }
      await sql`UPDATE audit_head SET hash = ${previous} WHERE id = 1`.execute(trx);
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: ENTRIES });
  });
});

describe("the application's own connection", () => {
  const refused = async (statement: ReturnType<typeof sql>) => {
    const error = await statement.execute(db).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error, 'the statement was not refused').toBeDefined();
    expect(error!.code).toBe('42501');
    expect(error!.message).toContain('append-only');
  };
  const snapshot = async () => [
    await db.selectFrom('audit_event').selectAll().orderBy('id').execute(),
    await db.selectFrom('audit_seal').selectAll().orderBy('seq').execute(),
  ];

  it('cannot UPDATE, DELETE or TRUNCATE audit_event (SQLSTATE 42501) and the rows stay as they were', async () => {
    await freshChain(3);
    const before = await snapshot();
    await refused(sql`UPDATE audit_event SET actor_name = 'someone-else' WHERE id = ${eventAt(2)}`);
    await refused(sql`UPDATE audit_event SET after = '{"employees": 999}'::jsonb`);
    await refused(sql`DELETE FROM audit_event WHERE id = ${eventAt(2)}`);
    await refused(sql`DELETE FROM audit_event`);
    await refused(sql`TRUNCATE audit_event`);
    await refused(sql`UPDATE audit_seal SET seq = 7 WHERE seq = 2`);
    await refused(sql`DELETE FROM audit_seal WHERE seq = 3`);
    await refused(sql`TRUNCATE audit_seal`);
    expect(await snapshot()).toEqual(before);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 3 });
  });

  it('cannot move audit_head back or delete it', async () => {
    await freshChain(3);
    const expectRefused = async (statement: ReturnType<typeof sql>) => {
      const error = await statement.execute(db).then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      expect(error?.code).toBe('42501');
    };
    await expectRefused(sql`UPDATE audit_head SET seq = 1 WHERE id = 1`);
    await expectRefused(sql`UPDATE audit_head SET sealed_below_xid = '0'::xid8 WHERE id = 1`);
    await expectRefused(sql`DELETE FROM audit_head`);
    await append(4);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 4 });
  });
});

// ---------------------------------------------------------------------------------------------
// Canonical form and the jsonb round trip

type Row = Awaited<ReturnType<typeof lastRow>>;
const lastRow = async () => {
  await sealAuditTrail(db);
  return db
    .selectFrom('audit_seal as s')
    .innerJoin('audit_event as e', 'e.id', 's.event_id')
    .selectAll('e')
    .select(['s.seq', 's.hash'])
    .orderBy('s.seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
};

const canonicalOf = (row: Row): string => canonicalOfRow(row);

/** The same value with the keys of every object inserted in another (seeded) order. */
function reorderKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)] as const));
  };
  return walk(value);
}

/**
 * An independent statement of what the database can keep: U+0000 and unpaired surrogates
 * become U+FFFD (appendAudit does this before hashing), -0 becomes 0 (JSON has no -0).
 */
function storedForm(value: unknown): unknown {
  const text = (s: string) =>
    s.replace(
      new RegExp(
        String.raw`\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`,
        'g',
      ),
      '\ufffd',
    );
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number') return v === 0 ? 0 : v;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)] as const));
  };
  return walk(value);
}

/**
 * No constraint on the JSON values: -0 is legal input (JSON.stringify writes it as 0, so the
 * hashed and the stored form agree), and the strings deliberately include what jsonb cannot
 * store — U+0000 and unpaired surrogates, which a request body or a sign-in username can carry —
 * because appendAudit maps them to U+FFFD before hashing and storing (without that, U+0000 made
 * the audited change fail and an unpaired surrogate in a text column made an intact chain read
 * as tampered). fc.jsonValue never yields NaN or ±Infinity (not JSON); appendAudit would store
 * those as null, like JSON.stringify, and an example below covers them.
 */
const awkwardUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\ude00', 'é', '区') },
);
const jsonValues = fc.jsonValue({ stringUnit: awkwardUnit, maxDepth: 4 });

describe('canonical form', () => {
  it('does not depend on key insertion order at any depth (property)', () => {
    fc.assert(
      fc.property(jsonValues, fc.integer(), (value, seed) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(reorderKeys(value, seed))).toBe(canonical);
        // And it is the value itself, as JSON (U+0000 and lone surrogates survive as escapes).
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips through jsonb: the hash recomputed from the stored row is the stored hash (property)', async () => {
    await freshChain(0);
    const at = new Date('2026-11-30T08:00:00.123Z');
    let appended = 0;
    await fc.assert(
      fc.asyncProperty(jsonValues, jsonValues, async (before, after) => {
        const previous = appended === 0 ? new Uint8Array(32) : (await lastRow()).hash;
        await appendAudit(db, who(1), { action: 'test.json', before, after }, at);
        appended += 1;
        const row = await lastRow();
        expect(row.seq).toBe(String(appended));
        expect(row.after).toEqual(storedForm(after));
        expect(row.before).toEqual(storedForm(before));
        expect(Buffer.from(chainHash(previous, row.seq, canonicalOf(row)))).toEqual(Buffer.from(row.hash));
      }),
      { numRuns: onPostgres ? 200 : 100 },
    );
    expect(await verifyAuditChain(db)).toEqual({
      ok: true,
      checked: appended,
      firstBrokenSeq: null,
      reason: null,
    });
  });

  it('stores and verifies what PostgreSQL cannot keep verbatim, in every field', async () => {
    await freshChain(0);
    // A sign-in failure records the attempted username: any string of 1..64 characters.
    await appendAudit(
      db,
      { actorId: null, actorName: 'evil\ud800\u0000name', role: null, ip: '127.0.0.1' },
      { action: 'auth.sign_in_failed', outcome: 'failure' },
    );
    await appendAudit(db, who(2), {
      action: 'enterprise.exported',
      resourceType: 'enterprise',
      after: {
        filter: { q: 'a\u0000b\udc00', 'k\u0000': [-0, Number.NaN, Infinity, undefined] },
        at: new Date(0),
      },
    });
    const rows = await db.selectFrom('audit_event').selectAll().orderBy('id').execute();
    expect(rows[0]!.actor_name).toBe('evil\ufffd\ufffdname');
    expect(rows[1]!.after).toEqual({
      filter: { q: 'a\ufffdb\ufffd', 'k\ufffd': [0, null, null, null] },
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 2, firstBrokenSeq: null, reason: null });
  });
});

// ---------------------------------------------------------------------------------------------
// npm run audit:verify, end to end (a child process needs a database it can reach: PostgreSQL)

const CLI = fileURLToPath(new URL('./verify-cli.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

function runVerifyCli(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: process.env.SAFEGRID_TEST_DATABASE_URL,
        DATABASE_SCHEMA: database.schema,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run audit:verify', () => {
  it.skipIf(!onPostgres)(
    'exits 0 on an intact chain and 1 naming the first broken entry on a tampered one',
    async () => {
      await freshChain(5);
      const intact = await runVerifyCli();
      expect(intact.code, intact.stderr).toBe(0);
      expect(JSON.parse(intact.stdout)).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, reason: null });
      expect(intact.stderr).toContain('audit chain intact: 5 entries');

      await asOwner((trx) =>
        sql`UPDATE audit_event SET actor_name = 'someone-else' WHERE id = ${eventAt(3)}`.execute(trx),
      );
      const broken = await runVerifyCli();
      expect(broken.code, broken.stderr).toBe(1);
      expect(JSON.parse(broken.stdout)).toEqual({
        ok: false,
        checked: 2,
        firstBrokenSeq: '3',
        reason: 'hash_mismatch',
      });
      expect(broken.stderr).toContain('audit chain BROKEN at entry 3 (hash_mismatch)');
    },
    60_000,
  );
});
