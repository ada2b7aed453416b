/**
 * Client routes of the regulation library and the matcher, and provision references.
 *
 * A provision is addressed as `lawId:article[:paragraph[:item]]` (packages/contracts/src/regulations.ts),
 * e.g. `work-safety-law-2021:99:1:1`. On the article page every paragraph and item carries its
 * ref as its element id, so `/enforcement/regulations/<lawId>/articles/<n>#<ref>` deep-links to it.
 */

export const REGULATIONS_PATH = '/enforcement/regulations';
export const MATCHER_PATH = '/enforcement/matcher';

const REF_PATTERN = /^([a-z0-9-]{3,60})((?::[1-9][0-9]{0,3}){1,3})$/;

export interface ParsedRef {
  lawId: string;
  article: number;
  /** Null for a reference to a whole article. */
  paragraph: number | null;
  /** Null unless the reference names an item (项). */
  item: number | null;
}

/** Splits a provision reference; null when it is not one. */
export function parseRef(ref: string): ParsedRef | null {
  const match = REF_PATTERN.exec(ref);
  if (!match) return null;
  const [article, paragraph, item] = match[2]!.slice(1).split(':').map(Number);
  return { lawId: match[1]!, article: article!, paragraph: paragraph ?? null, item: item ?? null };
}

export const regulationPath = (lawId: string): string => `${REGULATIONS_PATH}/${encodeURIComponent(lawId)}`;

export const articlePath = (lawId: string, number: number): string =>
  `${regulationPath(lawId)}/articles/${number}`;

/**
 * The page showing a provision: its article, with `#<ref>` when it names a paragraph or an item
 * (refs only use `[a-z0-9-:]`, which need no escaping in a fragment). Anything that is not a
 * ref leads to the library.
 */
export function refPath(ref: string): string {
  const parsed = parseRef(ref);
  if (!parsed) return REGULATIONS_PATH;
  const path = articlePath(parsed.lawId, parsed.article);
  return parsed.paragraph === null ? path : `${path}#${ref}`;
}

/** The ref a location hash points at ("#a:1:2" → "a:1:2"), or null for none or a non-ref. */
export function refFromHash(hash: string): string | null {
  if (!hash.startsWith('#') || hash.length < 2) return null;
  let value: string;
  try {
    value = decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
  return parseRef(value) ? value : null;
}

/** The library with a full-text search filled in. */
export function librarySearchPath(q: string): string {
  const query = q.trim();
  return query ? `${REGULATIONS_PATH}?q=${encodeURIComponent(query)}` : REGULATIONS_PATH;
}

/** An article number from the route (`:number`): a positive integer of at most 4 digits, else null. */
export function articleNumberParam(value: string | undefined): number | null {
  return value !== undefined && /^[1-9][0-9]{0,3}$/.test(value) ? Number(value) : null;
}
