import { useEffect, useRef, useState } from 'react';
import { STREAM_URL } from '../confinedApi';
import { parseStreamEvent, reconnectDelay, type StreamEvent } from '../streamModel';

/**
 * One EventSource on /api/confined/alarms/stream per page load, shared by every screen that
 * listens. The browser reconnects by itself after a dropped connection; when it gives up (the
 * server answered with an error, e.g. after a restart), we open a new one with back-off.
 * Every (re)connection is announced so the screens refetch what they may have missed.
 */

export type StreamState = 'connecting' | 'open' | 'retrying';

interface Subscriber {
  event(event: StreamEvent): void;
  open(): void;
  state(state: StreamState): void;
}

const subscribers = new Set<Subscriber>();
let source: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let closeTimer: ReturnType<typeof setTimeout> | null = null;
let attempt = 0;
let state: StreamState = 'connecting';
/** Moving from one confined screen to the next keeps the connection (the next one subscribes at once). */
const CLOSE_GRACE_MS = 3000;

function setState(next: StreamState) {
  state = next;
  for (const s of subscribers) s.state(next);
}

function connect() {
  retryTimer = null;
  if (typeof EventSource === 'undefined') return;
  const es = new EventSource(STREAM_URL);
  source = es;
  setState(attempt === 0 ? 'connecting' : 'retrying');
  es.onopen = () => {
    attempt = 0;
    setState('open');
    for (const s of subscribers) s.open();
  };
  const forward = (type: 'alarm' | 'permit') => (message: MessageEvent<string>) => {
    const event = parseStreamEvent(type, message.data);
    if (event) for (const s of subscribers) s.event(event);
  };
  es.addEventListener('alarm', forward('alarm'));
  es.addEventListener('permit', forward('permit'));
  es.onerror = () => {
    if (source !== es) return;
    setState('retrying');
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      source = null;
      retryTimer = setTimeout(connect, reconnectDelay(attempt));
      attempt += 1;
    }
  };
}

function disconnect() {
  source?.close();
  source = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  attempt = 0;
  state = 'connecting';
}

function subscribe(subscriber: Subscriber): () => void {
  subscribers.add(subscriber);
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  if (!source && !retryTimer) connect();
  else subscriber.state(state);
  return () => {
    subscribers.delete(subscriber);
    if (subscribers.size === 0) {
      closeTimer = setTimeout(() => {
        closeTimer = null;
        if (subscribers.size === 0) disconnect();
      }, CLOSE_GRACE_MS);
    }
  };
}

export interface StreamHandlers {
  onEvent(event: StreamEvent): void;
  /** After every (re)connection: refetch what may have been missed. */
  onOpen(): void;
}

/** Listens to the alarm stream while mounted; the handlers may change on every render. */
export function useConfinedStream(handlers: StreamHandlers): StreamState {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  const [current, setCurrent] = useState<StreamState>(state);
  useEffect(
    () =>
      subscribe({
        event: (e) => ref.current.onEvent(e),
        open: () => ref.current.onOpen(),
        state: setCurrent,
      }),
    [],
  );
  return current;
}
