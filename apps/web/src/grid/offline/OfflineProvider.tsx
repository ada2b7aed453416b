import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useSession } from '../../identity/SessionProvider';
import { IdbQueueStore, idbAvailable } from './idbStore';
import {
  MemoryQueueStore,
  OutboxQueue,
  countItems,
  type QueueItem,
  type QueuePayload,
  type SyncResult,
} from './queue';
import { sendQueueItem } from './sender';

/** How a write the user just made ended (as far as this sync got). */
export type SubmitOutcome =
  | { state: 'sent'; response: unknown }
  | { state: 'conflict'; item: QueueItem }
  /** Stored; sent when the phone is back online. */
  | { state: 'queued'; item: QueueItem };

export interface OutboxEntry {
  label: string;
  payload: QueuePayload;
  clientId?: string;
}

export interface OfflineContextValue {
  online: boolean;
  syncing: boolean;
  items: QueueItem[];
  queued: number;
  conflicts: number;
  /** Stores a write and tries to send it (and everything before it) at once. */
  submit(label: string, payload: QueuePayload, clientId?: string): Promise<SubmitOutcome>;
  /** Several writes stored together (a report and its photos), then one sync; outcomes in order. */
  submitMany(entries: readonly OutboxEntry[]): Promise<SubmitOutcome[]>;
  syncNow(): Promise<SyncResult | null>;
  retry(clientId: string): Promise<void>;
  discard(clientId: string): Promise<void>;
  /** Bumped after every sync that sent something: pages reload their data. */
  generation: number;
}

const OfflineContext = createContext<OfflineContextValue | null>(null);

/** While items wait and the phone says it is online, try again this often (server errors pass). */
const RETRY_INTERVAL_MS = 30_000;

export function newClientId(): string {
  return crypto.randomUUID();
}

/**
 * The outbox of the signed-in user: IndexedDB (memory where there is none), synced on start,
 * on the `online` event, after each write, every 30 s while something waits, and on demand.
 */
export function OfflineProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const owner = session?.user.id ?? '';
  const queue = useMemo(
    () =>
      new OutboxQueue(idbAvailable() ? new IdbQueueStore() : new MemoryQueueStore(), sendQueueItem, owner),
    [owner],
  );
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const [items, setItems] = useState<QueueItem[]>([]);
  const [syncing, setSyncing] = useState(false);
  const [generation, setGeneration] = useState(0);
  const mounted = useRef(true);

  const refreshItems = useCallback(async () => {
    try {
      const list = await queue.items();
      if (mounted.current) setItems(list);
    } catch {
      // IndexedDB unavailable (private mode): the list stays as it was.
    }
  }, [queue]);

  // A session opened offline has no CSRF token yet: writes wait until it is renewed.
  const csrfToken = session?.csrfToken ?? '';
  const syncNow = useCallback(async () => {
    if (!owner || !csrfToken) return null;
    setSyncing(true);
    try {
      const result = await queue.sync();
      if (result.sent.length > 0 && mounted.current) setGeneration((g) => g + 1);
      if (result.stopped === 'network' && mounted.current) setOnline(false);
      else if (result.sent.length > 0 && mounted.current) setOnline(true);
      return result;
    } catch {
      return null;
    } finally {
      if (mounted.current) setSyncing(false);
      await refreshItems();
    }
  }, [owner, csrfToken, queue, refreshItems]);

  useEffect(() => {
    mounted.current = true;
    void refreshItems().then(() => syncNow());
    const goOnline = () => {
      setOnline(true);
      void syncNow();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      mounted.current = false;
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, [refreshItems, syncNow]);

  // A session renewed (e.g. back online after starting offline, or a stale CSRF token): send now.
  useEffect(() => {
    if (csrfToken) void syncNow();
  }, [csrfToken, syncNow]);

  const { queued, conflicts } = countItems(items);

  useEffect(() => {
    if (queued === 0) return;
    const timer = window.setInterval(() => {
      if (navigator.onLine) void syncNow();
    }, RETRY_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [queued, syncNow]);

  const submitMany = useCallback(
    async (entries: readonly OutboxEntry[]): Promise<SubmitOutcome[]> => {
      const added: QueueItem[] = [];
      for (const e of entries) added.push(await queue.add(e.clientId ?? newClientId(), e.label, e.payload));
      await refreshItems();
      const result = await syncNow();
      return added.map((item): SubmitOutcome => {
        const sent = result?.sent.find((s) => s.item.clientId === item.clientId);
        if (sent) return { state: 'sent', response: sent.response };
        const conflict = result?.conflicts.find((c) => c.clientId === item.clientId);
        if (conflict) return { state: 'conflict', item: conflict };
        return { state: 'queued', item };
      });
    },
    [queue, refreshItems, syncNow],
  );

  const submit = useCallback(
    async (label: string, payload: QueuePayload, clientId?: string): Promise<SubmitOutcome> => {
      const [outcome] = await submitMany([{ label, payload, ...(clientId ? { clientId } : {}) }]);
      return outcome as SubmitOutcome;
    },
    [submitMany],
  );

  const retry = useCallback(
    async (clientId: string) => {
      await queue.retryConflict(clientId);
      await refreshItems();
      await syncNow();
    },
    [queue, refreshItems, syncNow],
  );

  const discard = useCallback(
    async (clientId: string) => {
      await queue.discard(clientId);
      await refreshItems();
    },
    [queue, refreshItems],
  );

  const value = useMemo<OfflineContextValue>(
    () => ({
      online,
      syncing,
      items,
      queued,
      conflicts,
      submit,
      submitMany,
      syncNow,
      retry,
      discard,
      generation,
    }),
    [online, syncing, items, queued, conflicts, submit, submitMany, syncNow, retry, discard, generation],
  );
  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>;
}

export function useOffline(): OfflineContextValue {
  const context = useContext(OfflineContext);
  if (!context) throw new Error('useOffline must be used inside <OfflineProvider>');
  return context;
}
