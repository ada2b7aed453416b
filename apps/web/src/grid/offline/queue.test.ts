import { describe, expect, it } from 'vitest';
import type { ReportHazard } from '@safegrid/contracts';
import {
  DEPENDENCY_CONFLICT,
  MemoryQueueStore,
  OutboxQueue,
  countItems,
  dependencyOf,
  syncQueue,
  type QueueItem,
  type QueuePayload,
  type SendOutcome,
  type Sender,
} from './queue';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NOW = () => new Date('2026-12-01T02:00:00Z');

const report = (enterpriseId = '7'): QueuePayload => ({
  kind: 'report',
  body: {
    clientId: uuid(900),
    enterpriseId,
    description: '消防通道堵塞',
    source: 'patrol',
    foundAt: '2026-12-01T01:00:00Z',
  } satisfies ReportHazard,
});
const photoFor = (clientId: string): QueuePayload => ({
  kind: 'photo',
  hazard: { clientId },
  blob: new Blob(['jpeg']),
  fileName: 'a.jpg',
  capturedAt: '2026-12-01T01:00:00Z',
  stage: 'report',
});
const checkIn = (taskId: string): QueuePayload => ({
  kind: 'checkIn',
  taskId,
  body: { clientId: uuid(901), lat: 22.5, lon: 114, at: '2026-12-01T01:00:00Z' },
});

/**
 * A fake server: remembers each clientId's first answer (like the real one) and can drop the
 * connection before or after applying a write.
 */
class FakeServer {
  applied: string[] = [];
  answers = new Map<string, string>();
  calls: { clientId: string; hazardId?: string }[] = [];
  /** Fail the next N sends without applying them. */
  offlineFor = 0;
  /** Apply the next send but lose its answer. */
  loseNextAnswer = false;
  refuse = new Map<string, Omit<Extract<SendOutcome, { kind: 'conflict' }>['conflict'], never>>();
  private nextId = 100;

  send: Sender = async (item: QueueItem, hazardId) => {
    this.calls.push({ clientId: item.clientId, hazardId });
    if (this.offlineFor > 0) {
      this.offlineFor -= 1;
      return { kind: 'retry', reason: 'network' };
    }
    const refusal = this.refuse.get(item.clientId);
    if (refusal) return { kind: 'conflict', conflict: refusal };
    let id = this.answers.get(item.clientId);
    const replayed = id !== undefined;
    if (id === undefined) {
      id = String(this.nextId++);
      this.answers.set(item.clientId, id);
      this.applied.push(item.clientId);
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('Failed to fetch');
    }
    return {
      kind: 'ok',
      serverId: item.payload.kind === 'report' ? id : hazardId,
      response: { id, replayed },
    };
  };
}

async function setup() {
  const store = new MemoryQueueStore();
  const server = new FakeServer();
  const queue = new OutboxQueue(store, server.send, 'u1', NOW);
  return { store, server, queue };
}

describe('outbox queue', () => {
  it('sends items in the order they were made and empties the queue', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'A', checkIn('1'));
    await queue.add(uuid(2), 'B', checkIn('2'));
    await queue.add(uuid(3), 'C', report());
    const result = await queue.sync();
    expect(server.calls.map((c) => c.clientId)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(result.sent.map((s) => s.item.clientId)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(result.stopped).toBeNull();
    expect(await queue.items()).toEqual([]);
  });

  it('stops at the first network failure, keeps the item and the order, and resumes later', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'A', checkIn('1'));
    await queue.add(uuid(2), 'B', checkIn('2'));
    server.offlineFor = 1;
    const first = await queue.sync();
    expect(first.stopped).toBe('network');
    expect(first.sent).toEqual([]);
    expect(server.calls.map((c) => c.clientId)).toEqual([uuid(1)]);
    const waiting = await queue.items();
    expect(waiting.map((i) => [i.clientId, i.attempts])).toEqual([
      [uuid(1), 1],
      [uuid(2), 0],
    ]);
    const second = await queue.sync();
    expect(second.sent.map((s) => s.item.clientId)).toEqual([uuid(1), uuid(2)]);
    expect(server.applied).toEqual([uuid(1), uuid(2)]);
  });

  it('retries with the same clientId after a lost answer: the server replays, nothing is written twice', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'A', report());
    await queue.add(uuid(2), 'B', checkIn('1'));
    server.loseNextAnswer = true;
    const interrupted = await queue.sync();
    expect(interrupted.stopped).toBe('network');
    expect(server.applied).toEqual([uuid(1)]);
    expect((await queue.items()).map((i) => i.clientId)).toEqual([uuid(1), uuid(2)]);
    const resumed = await queue.sync();
    expect(resumed.sent.map((s) => s.response)).toEqual([
      { id: '100', replayed: true },
      { id: '101', replayed: false },
    ]);
    expect(server.applied).toEqual([uuid(1), uuid(2)]);
    expect(server.calls.filter((c) => c.clientId === uuid(1))).toHaveLength(2);
    expect(await queue.items()).toEqual([]);
  });

  it('moves a 409/422 refusal to the conflicts, keeps it, and goes on with the rest', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'A', checkIn('1'));
    await queue.add(uuid(2), 'B', checkIn('2'));
    server.refuse.set(uuid(1), { status: 422, code: 'patrol.location_implausible', detail: 'too far' });
    const result = await queue.sync();
    expect(result.conflicts.map((c) => c.clientId)).toEqual([uuid(1)]);
    expect(result.sent.map((s) => s.item.clientId)).toEqual([uuid(2)]);
    const items = await queue.items();
    expect(items).toHaveLength(1);
    expect(items[0]?.state).toBe('conflict');
    expect(items[0]?.conflict).toEqual({
      status: 422,
      code: 'patrol.location_implausible',
      detail: 'too far',
      at: '2026-12-01T02:00:00.000Z',
    });
    expect(countItems(items)).toEqual({ queued: 0, conflicts: 1 });
    // Never resent on its own…
    server.refuse.delete(uuid(1));
    await queue.sync();
    expect(server.calls.filter((c) => c.clientId === uuid(1))).toHaveLength(1);
    // …only when the user asks; discarding removes it.
    await queue.retryConflict(uuid(1));
    const again = await queue.sync();
    expect(again.sent.map((s) => s.item.clientId)).toEqual([uuid(1)]);
    expect(await queue.items()).toEqual([]);
  });

  it('lets the user discard a conflict', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'A', checkIn('1'));
    server.refuse.set(uuid(1), { status: 409, code: 'patrol.already_checked_in' });
    await queue.sync();
    expect(countItems(await queue.items())).toEqual({ queued: 0, conflicts: 1 });
    await queue.discard(uuid(1));
    expect(await queue.items()).toEqual([]);
  });

  it('sends a photo of a hazard reported offline to the id the report became', async () => {
    const { server, store, queue } = await setup();
    await queue.add(uuid(1), 'report', report());
    await queue.add(uuid(2), 'photo', photoFor(uuid(1)));
    expect(dependencyOf(photoFor(uuid(1)))).toBe(uuid(1));
    // The report goes through, the connection drops before the photo.
    server.offlineFor = 0;
    const origSend = server.send;
    let n = 0;
    const flaky: Sender = async (item, hazardId) =>
      ++n === 2 ? { kind: 'retry', reason: 'network' } : origSend(item, hazardId);
    const first = await syncQueue(store, flaky, NOW, 'u1');
    expect(first.sent.map((s) => s.item.clientId)).toEqual([uuid(1)]);
    expect(await store.getResult(uuid(1))).toBe('100');
    // Later run (e.g. after a reload): the photo resolves the hazard from the stored answer.
    await queue.sync();
    expect(server.calls.at(-1)).toEqual({ clientId: uuid(2), hazardId: '100' });
    expect(await queue.items()).toEqual([]);
  });

  it('moves a photo to the conflicts when its report was refused, without sending it', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'report', report());
    await queue.add(uuid(2), 'photo', photoFor(uuid(1)));
    server.refuse.set(uuid(1), { status: 422, code: 'request.invalid' });
    const result = await queue.sync();
    expect(result.conflicts.map((c) => [c.clientId, c.conflict?.code])).toEqual([
      [uuid(1), 'request.invalid'],
      [uuid(2), DEPENDENCY_CONFLICT],
    ]);
    expect(server.calls.map((c) => c.clientId)).toEqual([uuid(1)]);
    // Once the report is sent again and accepted, the photo can follow.
    server.refuse.delete(uuid(1));
    await queue.retryConflict(uuid(1));
    await queue.retryConflict(uuid(2));
    await queue.sync();
    expect(server.calls.at(-1)).toEqual({ clientId: uuid(2), hazardId: '100' });
    expect(await queue.items()).toEqual([]);
  });

  it('runs one sync at a time and picks up items added meanwhile', async () => {
    const { server, queue } = await setup();
    await queue.add(uuid(1), 'A', checkIn('1'));
    const a = queue.sync();
    await queue.add(uuid(2), 'B', checkIn('2'));
    const b = queue.sync();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toBe(rb);
    expect(server.calls.map((c) => c.clientId)).toEqual([uuid(1), uuid(2)]);
    expect(server.applied).toEqual([uuid(1), uuid(2)]);
  });

  it("sends and lists only the signed-in user's items", async () => {
    const store = new MemoryQueueStore();
    const server = new FakeServer();
    const mine = new OutboxQueue(store, server.send, 'u1', NOW);
    const theirs = new OutboxQueue(store, server.send, 'u2', NOW);
    await theirs.add(uuid(1), 'theirs', checkIn('1'));
    await mine.add(uuid(2), 'mine', checkIn('2'));
    expect((await mine.items()).map((i) => i.clientId)).toEqual([uuid(2)]);
    await mine.sync();
    expect(server.applied).toEqual([uuid(2)]);
    expect((await theirs.items()).map((i) => i.clientId)).toEqual([uuid(1)]);
    // Order numbers stay increasing across users.
    expect((await store.list()).map((i) => i.seq)).toEqual([1]);
  });

  it('treats a thrown sender as a network failure', async () => {
    const store = new MemoryQueueStore();
    const queue = new OutboxQueue(store, () => Promise.reject(new Error('boom')), 'u1', NOW);
    await queue.add(uuid(1), 'A', checkIn('1'));
    expect((await queue.sync()).stopped).toBe('network');
    expect(countItems(await queue.items())).toEqual({ queued: 1, conflicts: 0 });
  });
});

describe('a sync asked for while one stops', () => {
  it('runs one more pass (e.g. a renewed session) instead of dropping the request', async () => {
    const store = new MemoryQueueStore();
    let calls = 0;
    let queue: OutboxQueue | null = null;
    const send: Sender = async () => {
      calls += 1;
      if (calls === 1) {
        // The session is renewed while this send fails for its stale token.
        void queue?.sync();
        return { kind: 'retry', reason: 'auth' };
      }
      return { kind: 'ok', response: {} };
    };
    queue = new OutboxQueue(store, send, 'u1', NOW);
    await queue.add(uuid(1), 'A', checkIn('1'));
    const result = await queue.sync();
    expect(calls).toBe(2);
    expect(result.sent).toHaveLength(1);
    expect(await queue.items()).toEqual([]);
  });
});
