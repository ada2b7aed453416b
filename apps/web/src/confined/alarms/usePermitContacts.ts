import { useEffect, useState } from 'react';
import type { PermitDetail } from '@safegrid/contracts';
import { apiGet } from '../../shell/api';
import { permitUrl } from '../confinedApi';

export interface PermitContacts {
  responsiblePerson: string;
  attendant: string;
  entrants: string[];
}

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; promise: Promise<PermitContacts> }>();

/** The people of a permit, for the alarm board (one request per permit per minute at most). */
function loadContacts(permitId: string): Promise<PermitContacts> {
  const hit = cache.get(permitId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.promise;
  const promise = apiGet<PermitDetail>(permitUrl(permitId)).then((p) => ({
    responsiblePerson: p.responsiblePerson,
    attendant: p.attendant,
    entrants: p.entrants,
  }));
  cache.set(permitId, { at: Date.now(), promise });
  promise.catch(() => cache.delete(permitId));
  return promise;
}

export type ContactsState =
  { state: 'none' } | { state: 'loading' } | { state: 'error' } | ({ state: 'ready' } & PermitContacts);

export function usePermitContacts(permitId: string | null): ContactsState {
  const [result, setResult] = useState<{ id: string; value: ContactsState } | null>(null);
  useEffect(() => {
    if (!permitId) return;
    let live = true;
    loadContacts(permitId).then(
      (contacts) => live && setResult({ id: permitId, value: { state: 'ready', ...contacts } }),
      () => live && setResult({ id: permitId, value: { state: 'error' } }),
    );
    return () => {
      live = false;
    };
  }, [permitId]);
  if (!permitId) return { state: 'none' };
  return result?.id === permitId ? result.value : { state: 'loading' };
}
