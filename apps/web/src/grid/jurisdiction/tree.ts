import type { JurisdictionNode } from '@safegrid/contracts';

export type JurisdictionLevel = JurisdictionNode['level'];

export interface TreeNode {
  node: JurisdictionNode;
  children: TreeNode[];
}

export type SiblingOrder = 'given' | 'pinyin';

const pinyin = new Intl.Collator('zh-CN', { numeric: true });

/**
 * Builds the jurisdiction tree from the flat list the API returns.
 * Siblings keep the order the server gives (its sort_order: official order of districts,
 * streets and communities) unless `order` is 'pinyin', which sorts them by name the way
 * Chinese readers expect (the database collation is "C", so SQL cannot do it).
 * Nodes whose parent is missing become roots rather than disappearing.
 */
export function buildJurisdictionTree(
  nodes: readonly JurisdictionNode[],
  order: SiblingOrder = 'given',
): TreeNode[] {
  const byId = new Map<string, TreeNode>();
  for (const node of nodes) byId.set(node.id, { node, children: [] });
  const roots: TreeNode[] = [];
  for (const node of nodes) {
    const item = byId.get(node.id)!;
    const parent = node.parentId !== null ? byId.get(node.parentId) : undefined;
    if (parent && parent !== item) parent.children.push(item);
    else roots.push(item);
  }
  if (order === 'pinyin') {
    const sortDeep = (list: TreeNode[]) => {
      list.sort((a, b) => pinyin.compare(a.node.name, b.node.name));
      for (const item of list) sortDeep(item.children);
    };
    sortDeep(roots);
  }
  return roots;
}

/** The tree below the city: one city root is unwrapped so districts are the top level. */
export function belowCity(roots: TreeNode[]): TreeNode[] {
  if (roots.length === 1 && roots[0]!.node.level === 'city') return roots[0]!.children;
  return roots;
}

/** Ancestors of a node from the top down, the node itself last. */
export function pathTo(byId: ReadonlyMap<string, JurisdictionNode>, id: string): JurisdictionNode[] {
  const path: JurisdictionNode[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.parentId !== null ? byId.get(current.parentId) : undefined;
  }
  return path;
}

/** All nodes of one level in a subtree (the subtree root included when it matches). */
export function descendantsOfLevel(item: TreeNode, level: JurisdictionLevel): JurisdictionNode[] {
  const out: JurisdictionNode[] = [];
  const walk = (t: TreeNode) => {
    if (t.node.level === level) out.push(t.node);
    for (const child of t.children) walk(child);
  };
  walk(item);
  return out;
}

export function findInTree(roots: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const root of roots) {
    if (root.node.id === id) return root;
    const found = findInTree(root.children, id);
    if (found) return found;
  }
  return undefined;
}

export interface SelectTreeNode {
  value: string;
  title: string;
  level: JurisdictionLevel;
  selectable: boolean;
  children?: SelectTreeNode[];
}

/** Data for antd TreeSelect; `selectableLevels` limits what can be picked (e.g. only grids). */
export function toSelectTree(
  roots: readonly TreeNode[],
  label: (node: JurisdictionNode) => string,
  selectableLevels?: ReadonlySet<JurisdictionLevel>,
): SelectTreeNode[] {
  return roots.map((item) => ({
    value: item.node.id,
    title: label(item.node),
    level: item.node.level,
    selectable: selectableLevels ? selectableLevels.has(item.node.level) : true,
    ...(item.children.length > 0 ? { children: toSelectTree(item.children, label, selectableLevels) } : {}),
  }));
}
