import { useEffect, useMemo, useState } from 'react';
import type { JurisdictionNode, JurisdictionTree } from '@safegrid/contracts';
import { apiGet } from '../../shell/api';
import { belowCity, buildJurisdictionTree, type TreeNode } from './tree';

let cached: Promise<JurisdictionNode[]> | null = null;

/** The tree changes rarely; it is fetched once per page load and shared by every page. */
export function loadJurisdictionNodes(): Promise<JurisdictionNode[]> {
  if (!cached) {
    cached = apiGet<JurisdictionTree>('/api/jurisdictions/tree').then((r) => r.nodes);
    cached.catch(() => {
      cached = null; // let the next page try again
    });
  }
  return cached;
}

/** Forget the cached tree (after imports or edits change the enterprise counts). */
export function invalidateJurisdictionTree(): void {
  cached = null;
}

export interface JurisdictionData {
  nodes: JurisdictionNode[];
  byId: Map<string, JurisdictionNode>;
  /** Districts at the top (the city root unwrapped). */
  roots: TreeNode[];
}

export function useJurisdictionTree(): { data: JurisdictionData | null; error: unknown; loading: boolean } {
  const [nodes, setNodes] = useState<JurisdictionNode[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    loadJurisdictionNodes().then(
      (n) => live && setNodes(n),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  const data = useMemo<JurisdictionData | null>(() => {
    if (!nodes) return null;
    return {
      nodes,
      byId: new Map(nodes.map((n) => [n.id, n])),
      roots: belowCity(buildJurisdictionTree(nodes)),
    };
  }, [nodes]);
  return { data, error, loading: !nodes && !error };
}
