import type { CheckIn, HazardTransitionRequest, ReportHazard, SubmitChecklist } from '@safegrid/contracts';

/**
 * The inspector app's outbox: every write (check-in, check-list, hazard report, hazard photo,
 * hazard transition) is stored first, with a `clientId` made when the user acts, and sent in
 * order by `sync`. The server recognises a repeated `clientId` and answers with the first result
 * (`replayed: true`), so sending an item again after a lost answer never writes twice.
 *
 * Pure logic behind `QueueStore` (IndexedDB in the browser, `MemoryQueueStore` in the tests) and
 * a `Sender` (the HTTP calls), so the ordering, retry, conflict and dependency rules are tested
 * without a browser.
 */

/** Which hazard a photo or transition is for: a known server id, or the report queued as `clientId`. */
export type HazardRef = { id: string } | { clientId: string };

export type QueuePayload =
  | { kind: 'checkIn'; taskId: string; body: CheckIn }
  | { kind: 'checklist'; taskId: string; body: SubmitChecklist }
  | { kind: 'report'; body: ReportHazard }
  | {
      kind: 'photo';
      hazard: HazardRef;
      blob: Blob;
      fileName: string;
      capturedAt: string;
      stage: 'report' | 'rectification' | 'verification';
    }
  | { kind: 'transition'; hazard: HazardRef; body: Omit<HazardTransitionRequest, 'clientId'> };

export type QueueKind = QueuePayload['kind'];

/** What the server (or the queue) said when it refused an item for good. */
export interface QueueConflict {
  status: number;
  code: string;
  /** The server's text (its `detail`), shown when the catalogue has no entry for the code. */
  detail?: string;
  params?: Record<string, string | number | boolean>;
  at: string;
}

export interface QueueItem {
  clientId: string;
  /** The user who made it: only their session sends it (a shared phone keeps others' items). */
  owner: string;
  /** Order of creation; items are sent in this order. */
  seq: number;
  createdAt: string;
  /** What the user sees in the list (e.g. the enterprise's name). */
  label: string;
  state: 'pending' | 'conflict';
  /** Sending attempts that ended without an answer (network failures). */
  attempts: number;
  conflict?: QueueConflict;
  payload: QueuePayload;
}

/** Persistence of the queue and of the answers later items depend on. */
export interface QueueStore {
  /** Every item, in `seq` order. */
  list(): Promise<QueueItem[]>;
  put(item: QueueItem): Promise<void>;
  remove(clientId: string): Promise<void>;
  /** The server id a queued report became (clientId → hazard id). */
  getResult(clientId: string): Promise<string | undefined>;
  setResult(clientId: string, serverId: string): Promise<void>;
}

/** How one send ended. */
export type SendOutcome =
  /** The server applied it (or replayed the first answer); `serverId`: the resource it created or changed. */
  | { kind: 'ok'; serverId?: string; response: unknown }
  /** No answer (offline, timeout) or a passing failure (5xx, session to renew): stop, try later. */
  | { kind: 'retry'; reason: 'network' | 'server' | 'auth' }
  /** Refused for good (409, 422, other 4xx): shown to the user, never resent on its own. */
  | { kind: 'conflict'; conflict: Omit<QueueConflict, 'at'> };

/** Sends one item; `hazardId` is the resolved hazard for photos and transitions. */
export type Sender = (item: QueueItem, hazardId: string | undefined) => Promise<SendOutcome>;

export interface SyncResult {
  /** Items the server accepted in this run, with its answer. */
  sent: { item: QueueItem; response: unknown }[];
  /** Items moved to the conflicts in this run. */
  conflicts: QueueItem[];
  /** Why the run stopped early; null when it got through the queue. */
  stopped: null | 'network' | 'server' | 'auth';
}

/** Codes the queue itself gives a photo or transition whose hazard report did not go through. */
export const DEPENDENCY_CONFLICT = 'queue.dependency_conflict';
export const DEPENDENCY_MISSING = 'queue.dependency_missing';

export function dependencyOf(payload: QueuePayload): string | undefined {
  if (payload.kind !== 'photo' && payload.kind !== 'transition') return undefined;
  return 'clientId' in payload.hazard ? payload.hazard.clientId : undefined;
}

/** Sends the pending items in order; stops at the first one without an answer. */
export async function syncQueue(
  store: QueueStore,
  send: Sender,
  now: () => Date = () => new Date(),
  owner?: string,
): Promise<SyncResult> {
  const result: SyncResult = { sent: [], conflicts: [], stopped: null };
  const items = (await store.list()).filter((i) => owner === undefined || i.owner === owner);
  const conflicted = new Set(items.filter((i) => i.state === 'conflict').map((i) => i.clientId));
  for (const item of items) {
    if (item.state !== 'pending') continue;
    let hazardId: string | undefined;
    const payload = item.payload;
    if (payload.kind === 'photo' || payload.kind === 'transition') {
      if ('id' in payload.hazard) {
        hazardId = payload.hazard.id;
      } else {
        hazardId = await store.getResult(payload.hazard.clientId);
        if (hazardId === undefined) {
          const code = conflicted.has(payload.hazard.clientId) ? DEPENDENCY_CONFLICT : DEPENDENCY_MISSING;
          const moved = toConflict(item, { status: 0, code }, now());
          await store.put(moved);
          conflicted.add(item.clientId);
          result.conflicts.push(moved);
          continue;
        }
      }
    }
    let outcome: SendOutcome;
    try {
      outcome = await send(item, hazardId);
    } catch {
      outcome = { kind: 'retry', reason: 'network' };
    }
    if (outcome.kind === 'retry') {
      await store.put({ ...item, attempts: item.attempts + 1 });
      result.stopped = outcome.reason;
      return result;
    }
    if (outcome.kind === 'conflict') {
      const moved = toConflict(item, outcome.conflict, now());
      await store.put(moved);
      conflicted.add(item.clientId);
      result.conflicts.push(moved);
      continue;
    }
    // The answer is kept before the item goes: a crash in between resends it, which replays.
    if (payload.kind === 'report' && outcome.serverId) await store.setResult(item.clientId, outcome.serverId);
    await store.remove(item.clientId);
    result.sent.push({ item, response: outcome.response });
  }
  return result;
}

function toConflict(item: QueueItem, conflict: Omit<QueueConflict, 'at'>, at: Date): QueueItem {
  return { ...item, state: 'conflict', conflict: { ...conflict, at: at.toISOString() } };
}

/** The next item's `seq`: after every item stored. */
export function nextSeq(items: readonly QueueItem[]): number {
  return items.reduce((max, i) => Math.max(max, i.seq), 0) + 1;
}

export function newItem(
  owner: string,
  clientId: string,
  seq: number,
  label: string,
  payload: QueuePayload,
  now: Date,
): QueueItem {
  return {
    clientId,
    owner,
    seq,
    createdAt: now.toISOString(),
    label,
    state: 'pending',
    attempts: 0,
    payload,
  };
}

/** A conflict the user chose to send again (e.g. after the hazard's state was sorted out). */
export function retried(item: QueueItem): QueueItem {
  const { conflict: _conflict, ...rest } = item;
  return { ...rest, state: 'pending', attempts: 0 };
}

export interface QueueCounts {
  queued: number;
  conflicts: number;
}

export function countItems(items: readonly QueueItem[]): QueueCounts {
  let queued = 0;
  let conflicts = 0;
  for (const i of items) {
    if (i.state === 'pending') queued += 1;
    else conflicts += 1;
  }
  return { queued, conflicts };
}

/**
 * The queue in use: one sync at a time; a sync asked for while one runs follows it (so an item
 * added meanwhile is not left waiting for the next trigger).
 */
export class OutboxQueue {
  private running: Promise<SyncResult> | null = null;
  private again = false;
  private seqFloor = 0;

  constructor(
    private readonly store: QueueStore,
    private readonly send: Sender,
    /** The signed-in user: their items only are sent and listed. */
    readonly owner: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(clientId: string, label: string, payload: QueuePayload): Promise<QueueItem> {
    const items = await this.store.list();
    const seq = Math.max(nextSeq(items), this.seqFloor + 1);
    this.seqFloor = seq;
    const item = newItem(this.owner, clientId, seq, label, payload, this.now());
    await this.store.put(item);
    return item;
  }

  async items(): Promise<QueueItem[]> {
    return (await this.store.list()).filter((i) => i.owner === this.owner);
  }

  /** Runs a sync now, or after the running one; every caller gets the last run's result merged. */
  sync(): Promise<SyncResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<SyncResult> => {
      const total: SyncResult = { sent: [], conflicts: [], stopped: null };
      do {
        this.again = false;
        const r = await syncQueue(this.store, this.send, this.now, this.owner);
        total.sent.push(...r.sent);
        total.conflicts.push(...r.conflicts);
        total.stopped = r.stopped;
        // A stop ends the run, unless someone asked again meanwhile (e.g. the session was just
        // renewed while a send failed for its stale token): then one more pass.
        if (r.stopped && !this.again) break;
      } while (this.again);
      return total;
    };
    this.running = run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async retryConflict(clientId: string): Promise<void> {
    const item = (await this.items()).find((i) => i.clientId === clientId);
    if (item && item.state === 'conflict') await this.store.put(retried(item));
  }

  async discard(clientId: string): Promise<void> {
    await this.store.remove(clientId);
  }
}

/** The store of the unit tests (and a fallback where IndexedDB is unavailable). */
export class MemoryQueueStore implements QueueStore {
  readonly itemsById = new Map<string, QueueItem>();
  readonly results = new Map<string, string>();

  list(): Promise<QueueItem[]> {
    return Promise.resolve([...this.itemsById.values()].sort((a, b) => a.seq - b.seq));
  }
  put(item: QueueItem): Promise<void> {
    this.itemsById.set(item.clientId, item);
    return Promise.resolve();
  }
  remove(clientId: string): Promise<void> {
    this.itemsById.delete(clientId);
    return Promise.resolve();
  }
  getResult(clientId: string): Promise<string | undefined> {
    return Promise.resolve(this.results.get(clientId));
  }
  setResult(clientId: string, serverId: string): Promise<void> {
    this.results.set(clientId, serverId);
    return Promise.resolve();
  }
}
