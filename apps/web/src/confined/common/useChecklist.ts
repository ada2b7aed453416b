import { useEffect, useState } from 'react';
import { apiGet } from '../../shell/api';
import { CHECKLIST_URL } from '../confinedApi';

export interface ChecklistItem {
  id: string;
  article: string;
  articleText: string;
}

/** The regulation the articles come from (the server sends it along with the items). */
export interface ChecklistLaw {
  title: string;
  orderNo: string;
  effective: string;
}

export interface Checklist {
  items: ChecklistItem[];
  law?: ChecklistLaw;
}

let cached: Promise<Checklist> | null = null;

/** The permit checklist changes only with a release: fetched once per page load. */
function loadChecklist(): Promise<Checklist> {
  if (!cached) {
    cached = apiGet<Checklist>(CHECKLIST_URL);
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export function useChecklist(): { items: ChecklistItem[] | null; law: ChecklistLaw | null; error: unknown } {
  const [list, setList] = useState<Checklist | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    loadChecklist().then(
      (result) => live && setList(result),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return { items: list?.items ?? null, law: list?.law ?? null, error };
}
