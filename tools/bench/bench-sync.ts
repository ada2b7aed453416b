import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import pg from 'pg';
import { loadConfig } from '../../apps/server/src/config';
import { shenzhenToday } from '../../apps/server/src/grid/jurisdiction/jurisdiction.service';
import { openInspectorSession, type BenchSession } from './bench-session';
import {
  Cleanup,
  startBenchServer,
  LatencyRecorder,
  benchDatabaseUrl,
  benchSchemaName,
  dropSchema,
  finish,
  hostInfo,
  intFlag,
  lastJson,
  log,
  parseFlags,
  redactUrl,
  round,
  runTs,
  seconds,
  withPgClient,
} from './common';

/**
 * npm run bench:sync -- [--smoke] [--seed N] [--tasks N] [--warmup-tasks N]
 *
 * The issue's figure: "sync of 200 queued offline actions ≤ 5 s, with none lost or duplicated
 * when the sync is interrupted and retried". Loads the small demo city into a fresh PostgreSQL
 * schema, starts the real server, signs one grid inspector in (session written straight into the
 * schema) and plays the inspector app's outbox (apps/web/src/grid/offline/queue.ts, sender.ts)
 * over HTTP: per task, in order, check-in → hazard report → photo of that hazard (its id taken
 * from the report's answer, as the phone resolves it) → check-list with one failed item, each
 * with a fresh clientId, sent one after another on a keep-alive connection.
 *
 *  - run A (clean): one set of tasks (50 → 200 actions), timed;
 *  - run B (interrupted): a second set; the first 60 % sent, the next one sent but its answer
 *    dropped (the connection cut once the server has answered, as when the network goes), then
 *    the sync "retried" from ten actions before it to the end (ten acknowledged ones and the lost
 *    one are sent again and must answer `replayed: true`), timed as a whole;
 *  - baseline: as many sequential authenticated `GET /api/grid/patrols/tasks/:id` (the
 *    round-trip floor of one request at a time).
 * Then the database is counted by the sets' task ids: exactly one check-in, hazard, photo and
 * check-list per task (and one audit entry each), nothing lost, nothing twice.
 *
 * A few warm-up tasks are synced first and not counted: a phone syncs against a server that has
 * been running, not one whose code paths are cold. Prints one JSON document; the schema, the
 * server and the temporary directory are removed at the end, on failure and on Ctrl-C too.
 */

const SYNC_TARGET_SECONDS = 5;
const ACTIONS_PER_TASK = 4;
/** Acknowledged actions sent again after the lost answer (the retry starts this far back). */
const REPLAY_BACK = 10;
/** Where run B's answer is lost: after this share of its actions. */
const INTERRUPT_AT = 0.6;

type ActionKind = 'checkIn' | 'report' | 'photo' | 'checklist';

interface SyncTask {
  id: string;
  enterpriseId: string;
  lat: number;
  lon: number;
  kind: 'planned' | 'ad_hoc';
  /** The check-list as the phone cached it (GET before going offline). */
  items: { id: string; majorHazardRef: unknown }[];
}

interface Action {
  seq: number;
  kind: ActionKind;
  clientId: string;
  task: SyncTask;
  /** JSON body (check-in, report, check-list) or the photo's form fields. */
  body: Record<string, unknown>;
  /** Photo: the clientId of the report it belongs to (resolved to a hazard id when sent). */
  reportClientId?: string;
}

interface Answer {
  status: number;
  replayed: boolean | null;
  serverId: string | null;
  ms: number;
  error?: string;
}

// ---------------------------------------------------------------------------------------------
// A small real image: a 48×32 RGB gradient PNG (what a phone sends is a JPEG of a few hundred KB;
// the server stores the bytes as they come, so the size mostly moves network time).

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function gradientPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((x / (width - 1)) * 255);
      raw[row + 2 + x * 3] = Math.round((y / (height - 1)) * 255);
      raw[row + 3 + x * 3] = 128;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Set-up straight in the schema: the inspector, the session, enough open tasks.

interface Setup {
  inspectorId: string;
  session: BenchSession;
  grids: string[];
  existingOpenTasks: number;
  adHocInserted: number;
  taskIds: string[];
}

/**
 * The inspector with the most open tasks this month among those in charge of a grid now; tasks
 * due this month at their grids' enterprises, topped up with ad-hoc tasks due today (as a planner
 * would add them) when the plan has fewer than `needed`.
 */
async function prepareInspector(url: string, schema: string, needed: number, today: string): Promise<Setup> {
  const month = `${today.slice(0, 7)}-01`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    const picked = await client.query<{ inspector_id: string }>(
      `SELECT a.inspector_id
       FROM grid_assignment a
       LEFT JOIN patrol_task t ON t.inspector_id = a.inspector_id AND t.grid_id = a.grid_id
         AND t.month = $1::date AND t.status = 'open'
       WHERE a.valid_to IS NULL
       GROUP BY a.inspector_id ORDER BY count(t.id) DESC, a.inspector_id LIMIT 1`,
      [month],
    );
    const inspectorId = picked.rows[0]?.inspector_id;
    if (!inspectorId) throw new Error('the demo city has no inspector in charge of a grid');
    const grids = (
      await client.query<{ grid_id: string }>(
        `SELECT DISTINCT grid_id FROM grid_assignment WHERE inspector_id = $1 AND valid_to IS NULL ORDER BY grid_id`,
        [inspectorId],
      )
    ).rows.map((r) => r.grid_id);
    const existing = await client.query<{ id: string }>(
      `SELECT id FROM patrol_task
       WHERE inspector_id = $1 AND month = $2::date AND status = 'open' AND grid_id = ANY($3::text[])
       ORDER BY due_date, id`,
      [inspectorId, month, grids],
    );
    const taskIds = existing.rows.map((r) => r.id).slice(0, needed);
    let adHocInserted = 0;
    if (taskIds.length < needed) {
      const enterprises = await client.query<{ id: string }>(
        `SELECT id FROM enterprise WHERE grid_id = ANY($1::text[]) AND status = 'operating' ORDER BY id`,
        [grids],
      );
      if (enterprises.rows.length === 0)
        throw new Error(`inspector ${inspectorId}'s grids have no enterprise`);
      // Several ad-hoc tasks may share an enterprise (only planned tasks are one per month).
      const missing = needed - taskIds.length;
      const chosen = Array.from(
        { length: missing },
        (_, i) => enterprises.rows[i % enterprises.rows.length]!.id,
      );
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO patrol_task (kind, enterprise_id, grid_id, street_id, inspector_id, month, due_date, note)
         SELECT 'ad_hoc', e.id, e.grid_id, e.street_id, $2::bigint, $3::date, $4::date, '压测：离线同步'
         FROM unnest($1::bigint[]) WITH ORDINALITY AS u(enterprise_id, n)
         JOIN enterprise e ON e.id = u.enterprise_id
         ORDER BY u.n
         RETURNING id`,
        [chosen, inspectorId, month, today],
      );
      adHocInserted = inserted.rowCount ?? 0;
      taskIds.push(...inserted.rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b)));
    }
    if (taskIds.length < needed) throw new Error(`only ${taskIds.length} of ${needed} tasks could be made`);
    const session = await openInspectorSession(client, inspectorId);
    return {
      inspectorId,
      session,
      grids,
      existingOpenTasks: existing.rows.length,
      adHocInserted,
      taskIds,
    };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The phone's side: the cached check-lists, the queue, the sender.

class Phone {
  private readonly jsonHeaders: Record<string, string>;
  /** clientId of a report → the hazard id its answer named (the queue's `setResult`). */
  readonly results = new Map<string, string>();

  constructor(
    private readonly api: string,
    private readonly session: BenchSession,
    private readonly photo: Buffer,
  ) {
    this.jsonHeaders = { ...session.headers, 'content-type': 'application/json' };
  }

  async get(path: string): Promise<{ status: number; body: unknown; ms: number }> {
    const started = performance.now();
    const response = await fetch(this.api + path, { headers: this.session.headers });
    const body: unknown = await response.json();
    return { status: response.status, body, ms: performance.now() - started };
  }

  /** The task and its check-list, fetched while online (the phone caches both). */
  async loadTask(taskId: string): Promise<SyncTask> {
    const task = await this.get(`/api/grid/patrols/tasks/${taskId}`);
    const checklist = await this.get(`/api/grid/patrols/tasks/${taskId}/checklist`);
    if (task.status !== 200 || checklist.status !== 200) {
      throw new Error(`task ${taskId}: GET answered ${task.status}, check-list ${checklist.status}`);
    }
    const t = task.body as {
      kind: 'planned' | 'ad_hoc';
      status: string;
      enterprise: { id: string; lat: number; lon: number };
    };
    if (t.status !== 'open') throw new Error(`task ${taskId} is ${t.status}, not open`);
    const items = (checklist.body as { items: { id: string; majorHazardRef: unknown }[] }).items;
    if (items.length === 0) throw new Error(`task ${taskId}: empty check-list`);
    return {
      id: taskId,
      enterpriseId: t.enterprise.id,
      lat: t.enterprise.lat,
      lon: t.enterprise.lon,
      kind: t.kind,
      items,
    };
  }

  /**
   * One item as sendQueueItem sends it. `dropAnswer`: the server's answer is cut off once it
   * starts arriving (headers in, body never read, connection aborted): the write happened, the
   * phone does not know.
   */
  async send(action: Action, dropAnswer = false): Promise<Answer> {
    const task = action.task.id;
    let path: string;
    let init: RequestInit;
    if (action.kind === 'photo') {
      const hazardId = this.results.get(action.reportClientId!);
      if (!hazardId) return { status: 0, replayed: null, serverId: null, ms: 0, error: 'dependency missing' };
      path = `/api/grid/hazards/${hazardId}/photos`;
      const form = new FormData();
      form.append('capturedAt', String(action.body.capturedAt));
      form.append('stage', String(action.body.stage));
      form.append('clientId', action.clientId);
      form.append('file', new Blob([this.photo], { type: 'image/png' }), 'photo.png');
      init = { method: 'POST', headers: this.session.headers, body: form };
    } else {
      path =
        action.kind === 'checkIn'
          ? `/api/grid/patrols/tasks/${task}/check-in`
          : action.kind === 'checklist'
            ? `/api/grid/patrols/tasks/${task}/checklist`
            : '/api/grid/hazards';
      init = { method: 'POST', headers: this.jsonHeaders, body: JSON.stringify(action.body) };
    }
    const controller = new AbortController();
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(this.api + path, { ...init, signal: controller.signal });
    } catch (error) {
      return {
        status: 0,
        replayed: null,
        serverId: null,
        ms: performance.now() - started,
        error: String(error),
      };
    }
    if (dropAnswer) {
      controller.abort();
      return {
        status: 0,
        replayed: null,
        serverId: null,
        ms: performance.now() - started,
        error: 'answer dropped',
      };
    }
    const body = (await response.json()) as {
      replayed?: boolean;
      task?: { id: string };
      hazard?: { id: string };
      photo?: { id: string };
      code?: string;
    };
    const ms = performance.now() - started;
    const serverId = body.task?.id ?? body.hazard?.id ?? body.photo?.id ?? null;
    if (response.status >= 200 && response.status < 300) {
      // The answer is kept before the item goes, as syncQueue does.
      if (action.kind === 'report' && serverId) this.results.set(action.clientId, serverId);
      return { status: response.status, replayed: body.replayed ?? null, serverId, ms };
    }
    return { status: response.status, replayed: null, serverId, ms, error: body.code ?? 'error' };
  }
}

/** The outbox of one walk through `tasks`: 4 actions per task, device times in the recent past. */
function queueFor(tasks: SyncTask[], startedAt: number): Action[] {
  const actions: Action[] = [];
  let seq = 0;
  // The walk happened over the last hour or so; each action a few seconds after the one before.
  const at = () => new Date(startedAt - (tasks.length * ACTIONS_PER_TASK - seq) * 15_000).toISOString();
  for (const task of tasks) {
    // One failed item; an ordinary one (a failed 令第10号 item would make it a major hazard).
    const failed = task.items.find((i) => i.majorHazardRef === null) ?? task.items[0]!;
    const reportClientId = randomUUID();
    actions.push({
      seq: ++seq,
      kind: 'checkIn',
      clientId: randomUUID(),
      task,
      body: { lat: task.lat, lon: task.lon, accuracy: 8, at: at() },
    });
    actions.push({
      seq: ++seq,
      kind: 'report',
      clientId: reportClientId,
      task,
      body: {
        enterpriseId: task.enterpriseId,
        description: `巡查发现隐患（检查项 ${failed.id}）：压测离线同步`,
        source: 'patrol',
        patrolTaskId: task.id,
        checklistItemId: failed.id,
        foundAt: at(),
        lat: task.lat,
        lon: task.lon,
      },
    });
    actions.push({
      seq: ++seq,
      kind: 'photo',
      clientId: randomUUID(),
      task,
      reportClientId,
      body: { capturedAt: at(), stage: 'report' },
    });
    actions.push({
      seq: ++seq,
      kind: 'checklist',
      clientId: randomUUID(),
      task,
      body: {
        results: task.items.map((i) => ({ itemId: i.id, outcome: i.id === failed.id ? 'fail' : 'pass' })),
        at: at(),
      },
    });
  }
  for (const a of actions) if (a.kind !== 'photo') a.body = { clientId: a.clientId, ...a.body };
  return actions;
}

interface RunRecord {
  requests: number;
  answers: { action: Action; answer: Answer; resend: boolean }[];
  seconds: number;
}

async function sendAll(
  phone: Phone,
  actions: Action[],
  record: RunRecord,
  opts: { resend?: boolean; latency?: Map<ActionKind, LatencyRecorder> } = {},
) {
  for (const action of actions) {
    const answer = await phone.send(action);
    record.requests++;
    record.answers.push({ action, answer, resend: !!opts.resend });
    opts.latency?.get(action.kind)?.add(answer.ms);
  }
}

const kindRecorders = () =>
  new Map<ActionKind, LatencyRecorder>(
    (['checkIn', 'report', 'photo', 'checklist'] as const).map((k) => [k, new LatencyRecorder()]),
  );

function latencyByKind(recorders: Map<ActionKind, LatencyRecorder>) {
  return Object.fromEntries(
    [...recorders].map(([k, r]) => {
      const s = r.summary();
      return [k, { count: s.count, meanMs: s.meanMs, p50Ms: s.p50Ms, p95Ms: s.p95Ms, maxMs: s.maxMs }];
    }),
  );
}

/** Every answer 2xx; replays exactly where expected; a replay names the same resource as the first answer. */
function judgeAnswers(
  name: string,
  record: RunRecord,
  expectReplay: (i: number) => boolean,
  problems: string[],
) {
  const firstId = new Map<string, string | null>();
  let replayed = 0;
  let fresh = 0;
  let unexpectedReplays = 0;
  let missingReplays = 0;
  let mismatchedIds = 0;
  const failures: string[] = [];
  record.answers.forEach(({ action, answer }, i) => {
    if (answer.status < 200 || answer.status >= 300) {
      failures.push(`#${action.seq} ${action.kind}: ${answer.status} ${answer.error ?? ''}`.trim());
      return;
    }
    if (answer.replayed) replayed++;
    else fresh++;
    if (expectReplay(i) && answer.replayed !== true) missingReplays++;
    if (!expectReplay(i) && answer.replayed !== false) unexpectedReplays++;
    const seen = firstId.get(action.clientId);
    if (seen === undefined) firstId.set(action.clientId, answer.serverId);
    else if (seen !== answer.serverId) mismatchedIds++;
  });
  if (failures.length > 0)
    problems.push(`${name}: ${failures.length} refused: ${failures.slice(0, 5).join('; ')}`);
  if (missingReplays > 0)
    problems.push(`${name}: ${missingReplays} resent actions did not answer replayed: true`);
  if (unexpectedReplays > 0)
    problems.push(`${name}: ${unexpectedReplays} first sends answered replayed: true`);
  if (mismatchedIds > 0)
    problems.push(`${name}: ${mismatchedIds} replays named another resource than the first answer`);
  return {
    answered: record.answers.length,
    fresh,
    replayed,
    missingReplays,
    unexpectedReplays,
    mismatchedIds,
    refused: failures.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Verification in the database, by the set's task ids.

async function verifySet(
  url: string,
  schema: string,
  name: string,
  tasks: SyncTask[],
  actions: Action[],
  problems: string[],
) {
  const ids = tasks.map((t) => t.id);
  const ofKind = (k: ActionKind) => actions.filter((a) => a.kind === k).map((a) => a.clientId);
  const row = await withPgClient(url, async (c) => {
    await c.query(`SET search_path TO "${schema}"`);
    const r = await c.query<Record<string, string>>(
      `WITH h AS (SELECT id, patrol_task_id, client_id FROM hazard WHERE patrol_task_id = ANY($1::bigint[]))
       SELECT
         (SELECT count(*) FROM patrol_task WHERE id = ANY($1::bigint[]) AND check_in_client_id IS NOT NULL) AS "checkedIn",
         (SELECT count(*) FROM patrol_task WHERE id = ANY($1::bigint[]) AND check_in_client_id = ANY($2::text[])) AS "checkInsWithOurClientIds",
         (SELECT count(*) FROM patrol_task WHERE id = ANY($1::bigint[]) AND status = 'done') AS "tasksDone",
         (SELECT count(*) FROM h) AS "hazards",
         (SELECT count(DISTINCT patrol_task_id) FROM h) AS "tasksWithHazard",
         (SELECT count(*) FROM h WHERE client_id = ANY($3::uuid[])) AS "hazardsWithOurClientIds",
         (SELECT count(*) FROM hazard_transition tr JOIN h ON h.id = tr.hazard_id) AS "hazardTransitions",
         (SELECT count(*) FROM hazard_photo p JOIN h ON h.id = p.hazard_id) AS "photos",
         (SELECT count(DISTINCT p.hazard_id) FROM hazard_photo p JOIN h ON h.id = p.hazard_id) AS "hazardsWithPhoto",
         (SELECT count(*) FROM hazard_photo p JOIN h ON h.id = p.hazard_id WHERE p.client_id = ANY($4::uuid[])) AS "photosWithOurClientIds",
         (SELECT count(*) FROM patrol_checklist WHERE task_id = ANY($1::bigint[])) AS "checklists",
         (SELECT count(*) FROM patrol_checklist WHERE task_id = ANY($1::bigint[]) AND client_id = ANY($5::text[])) AS "checklistsWithOurClientIds",
         (SELECT count(*) FROM patrol_checklist WHERE task_id = ANY($1::bigint[]) AND cardinality(failed_items) = 1) AS "checklistsWithOneFailure",
         (SELECT count(*) FROM audit_event WHERE resource_type = 'patrol_task' AND resource_id = ANY($1::text[])
            AND action = 'patrol.checked_in') AS "auditCheckIns",
         (SELECT count(*) FROM audit_event WHERE resource_type = 'patrol_task' AND resource_id = ANY($1::text[])
            AND action = 'patrol.checklist_submitted') AS "auditChecklists",
         (SELECT count(*) FROM audit_event a JOIN h ON a.resource_id = h.id::text
            WHERE a.resource_type = 'hazard' AND a.action = 'hazard.reported') AS "auditHazardReports",
         (SELECT count(*) FROM audit_event a JOIN h ON a.resource_id = h.id::text
            WHERE a.resource_type = 'hazard' AND a.action = 'hazard.photo_added') AS "auditPhotos"`,
      [ids, ofKind('checkIn'), ofKind('report'), ofKind('photo'), ofKind('checklist')],
    );
    return r.rows[0]!;
  });
  const counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  const wrong = Object.entries(counts).filter(([, v]) => v !== tasks.length);
  for (const [k, v] of wrong) problems.push(`${name}: ${k} is ${v}, expected ${tasks.length}`);
  return { tasks: tasks.length, expectedEach: tasks.length, ok: wrong.length === 0, counts };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const flags = parseFlags(process.argv.slice(2), ['seed', 'tasks', 'warmup-tasks']);
  const smoke = flags.smoke;
  const seed = intFlag(flags, 'seed', loadConfig({}).demoSeed, 0, 2 ** 31 - 1);
  const tasksPerRun = intFlag(flags, 'tasks', smoke ? 10 : 50, 4, 250);
  const warmupTasks = intFlag(flags, 'warmup-tasks', smoke ? 2 : 5, 0, 50);
  const actionsPerRun = tasksPerRun * ACTIONS_PER_TASK;
  const cut = Math.round(actionsPerRun * INTERRUPT_AT);
  const retryFrom = Math.max(0, cut - REPLAY_BACK);
  const cleanup = new Cleanup();
  const disarm = cleanup.installHandlers(smoke ? 5 * 60_000 : 10 * 60_000);
  const problems: string[] = [];
  const url = benchDatabaseUrl();
  const schema = benchSchemaName('sync');
  const today = shenzhenToday();
  const document: Record<string, unknown> = {
    benchmark: 'sync',
    mode: smoke ? 'smoke' : 'full',
    startedAt: new Date().toISOString(),
    host: { ...hostInfo(), loadAverage1mAtStart: round(loadavg()[0] ?? 0) },
    settings: {
      city: 'small',
      seed,
      database: redactUrl(url),
      schema,
      today,
      tasksPerRun,
      actionsPerRun,
      actionOrderPerTask: [
        'check-in',
        'hazard report',
        'hazard photo (stage report)',
        'check-list (one item failed)',
      ],
      warmupTasks,
      interruption: {
        sentBeforeLoss: cut,
        lostAnswerOf: cut + 1,
        retryFrom: retryFrom + 1,
        resentAcknowledged: cut - retryFrom,
        requestsInRunB: cut + 1 + (actionsPerRun - retryFrom),
      },
      transport: 'sequential fetch (undici keep-alive), one request at a time, as the outbox sends',
      photo: 'PNG 48×32 generated in memory',
    },
  };

  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'safegrid-bench-sync-'));
    cleanup.add(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
    cleanup.add(`drop schema ${schema}`, () => dropSchema(url, schema));

    log(`loading the small demo city into ${schema}`);
    const loadStarted = performance.now();
    const dbEnv = { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema, SAFEGRID_DATA_DIR: dataDir };
    const load = await runTs('tools/demo-city/cli.ts', ['--small', '--seed', String(seed)], {
      env: dbEnv,
      timeoutMs: 3 * 60_000,
      cleanup,
      what: 'demo city load',
    });
    if (load.code !== 0) throw new Error(`demo city load failed (${load.code ?? load.signal})`);
    document.cityLoad = {
      seconds: seconds(loadStarted),
      counts: (lastJson(load.stdout)?.counts as unknown) ?? null,
    };

    const needed = warmupTasks + 2 * tasksPerRun;
    const setup = await prepareInspector(url, schema, needed, today);
    await withPgClient(url, (c) => c.query(`ANALYZE "${schema}".patrol_task`));
    document.workload = {
      inspectorId: setup.inspectorId,
      grids: setup.grids,
      tasksNeeded: needed,
      openPlannedTasksThisMonth: setup.existingOpenTasks,
      adHocTasksInserted: setup.adHocInserted,
    };
    log(
      `inspector ${setup.inspectorId}: ${setup.existingOpenTasks} open tasks, ${setup.adHocInserted} ad-hoc added`,
    );

    const { api, startSeconds } = await startBenchServer(dbEnv, cleanup);
    document.serverStartSeconds = startSeconds;

    const phone = new Phone(api, setup.session, gradientPng(48, 32));
    // Online, before the walk: every task and its check-list, as the phone caches them.
    const prefetchStarted = performance.now();
    const all: SyncTask[] = [];
    for (const id of setup.taskIds) all.push(await phone.loadTask(id));
    document.prefetch = { tasks: all.length, requests: all.length * 2, seconds: seconds(prefetchStarted) };
    const warmup = all.slice(0, warmupTasks);
    const setA = all.slice(warmupTasks, warmupTasks + tasksPerRun);
    const setB = all.slice(warmupTasks + tasksPerRun);

    const queueStarted = Date.now();
    const queueW = queueFor(warmup, queueStarted);
    const queueA = queueFor(setA, queueStarted);
    const queueB = queueFor(setB, queueStarted);

    if (queueW.length > 0) {
      log(`warm-up: ${queueW.length} actions (not counted)`);
      const w: RunRecord = { requests: 0, answers: [], seconds: 0 };
      const started = performance.now();
      await sendAll(phone, queueW, w);
      w.seconds = seconds(started);
      const judged = judgeAnswers('warm-up', w, () => false, problems);
      document.warmup = { actions: queueW.length, seconds: w.seconds, refused: judged.refused };
    }

    // Baseline: the same number of requests, each the lightest authenticated read of a task.
    log(`baseline: ${actionsPerRun} sequential GET /api/grid/patrols/tasks/:id`);
    const baselineLatency = new LatencyRecorder();
    let baselineNon200 = 0;
    const baselineTasks = [...setA, ...setB];
    const baselineStarted = performance.now();
    for (let i = 0; i < actionsPerRun; i++) {
      const r = await phone.get(`/api/grid/patrols/tasks/${baselineTasks[i % baselineTasks.length]!.id}`);
      if (r.status !== 200) baselineNon200++;
      baselineLatency.add(r.ms);
    }
    const baselineSeconds = seconds(baselineStarted);
    if (baselineNon200 > 0) problems.push(`baseline: ${baselineNon200} GETs did not answer 200`);

    // Run A: a clean sync of the whole queue.
    log(`run A: ${queueA.length} actions, clean`);
    const latencyA = kindRecorders();
    const runA: RunRecord = { requests: 0, answers: [], seconds: 0 };
    const startedA = performance.now();
    await sendAll(phone, queueA, runA, { latency: latencyA });
    runA.seconds = seconds(startedA);
    const answersA = judgeAnswers('run A', runA, () => false, problems);

    // Run B: the answer of action cut+1 is lost; the retry starts REPLAY_BACK actions earlier.
    log(`run B: ${queueB.length} actions; answer of #${cut + 1} dropped, retry from #${retryFrom + 1}`);
    const latencyB = kindRecorders();
    const runB: RunRecord = { requests: 0, answers: [], seconds: 0 };
    const startedB = performance.now();
    await sendAll(phone, queueB.slice(0, cut), runB, { latency: latencyB });
    const lost = queueB[cut]!;
    const lostAnswer = await phone.send(lost, true);
    runB.requests++;
    await sendAll(phone, queueB.slice(retryFrom), runB, { resend: true, latency: latencyB });
    runB.seconds = seconds(startedB);
    // answers[] holds the first `cut` sends, then the retry from retryFrom: indices cut … cut+(cut-retryFrom) are resends.
    const resent = new Set<number>();
    for (let i = 0; i <= cut - retryFrom; i++) resent.add(cut + i);
    const answersB = judgeAnswers('run B', runB, (i) => resent.has(i), problems);
    const lostRetry = runB.answers[cut + (cut - retryFrom)];
    if (lostRetry?.action.clientId !== lost.clientId)
      problems.push('run B: the lost action was not found in the retry');
    const lostWasApplied = lostRetry?.answer.replayed === true;
    if (!lostWasApplied)
      problems.push('run B: the lost action was not applied before its answer was dropped');

    log('verifying both sets in the database');
    const verification = {
      runA: await verifySet(url, schema, 'run A', setA, queueA, problems),
      runB: await verifySet(url, schema, 'run B', setB, queueB, problems),
    };

    const perActionA = runA.seconds > 0 ? round((runA.seconds * 1000) / queueA.length) : null;
    document.timings = {
      runA: {
        actions: queueA.length,
        requests: runA.requests,
        seconds: runA.seconds,
        perActionMs: perActionA,
        latencyMsByKind: latencyByKind(latencyA),
      },
      runB: {
        actions: queueB.length,
        requests: runB.requests,
        seconds: runB.seconds,
        perRequestMs: runB.seconds > 0 ? round((runB.seconds * 1000) / runB.requests) : null,
        latencyMsByKind: latencyByKind(latencyB),
      },
      baseline: {
        what: 'sequential authenticated GET /api/grid/patrols/tasks/:id',
        requests: actionsPerRun,
        seconds: baselineSeconds,
        perRequestMs: round((baselineSeconds * 1000) / actionsPerRun),
        latencyMs: baselineLatency.summary(),
      },
      syncOverBaselineFactor: baselineSeconds > 0 ? round(runA.seconds / baselineSeconds, 1) : null,
    };
    document.replays = {
      runA: answersA,
      runB: {
        ...answersB,
        expectedReplays: cut - retryFrom + 1,
        lostAction: {
          seq: lost.seq,
          kind: lost.kind,
          dropped: lostAnswer.error ?? `answered ${lostAnswer.status}`,
          appliedByServer: lostWasApplied,
          retryAnswer: lostRetry
            ? { status: lostRetry.answer.status, replayed: lostRetry.answer.replayed }
            : null,
        },
        resentKinds: queueB.slice(retryFrom, cut + 1).map((a) => a.kind),
      },
    };
    document.verification = verification;

    const worst = Math.max(runA.seconds, runB.seconds);
    document.targets = {
      asserted: !smoke,
      syncSeconds: {
        max: SYNC_TARGET_SECONDS,
        actions: actionsPerRun,
        actual: worst,
        of: 'the slower of run A (clean) and run B (interrupted and retried, all requests included)',
        pass: smoke ? null : worst <= SYNC_TARGET_SECONDS,
      },
      noneLostOrDuplicated: { pass: verification.runA.ok && verification.runB.ok },
    };
    if (!smoke && worst > SYNC_TARGET_SECONDS)
      problems.push(`sync took ${worst} s, over its ${SYNC_TARGET_SECONDS} s target`);
  } catch (error) {
    problems.push((error as Error).message);
    log(`error: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cleanup.run();
    disarm();
  }
  document.cleanup = { schemaDropped: schema, childrenStopped: true, tempDirRemoved: true };
  document.ok = problems.length === 0;
  document.problems = problems;
  finish(document, problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
