/**
 * Index terms for substring search on Chinese names and addresses: every character and every
 * pair of adjacent characters (letters and digits folded to lower case, spaces and punctuation
 * dropped). A query matches when all of its pairs are present (GIN `@>`). That admits the rare
 * record holding "ab" and "bc" but not "abc"; such a record still shares every pair the user
 * typed, so it is kept rather than paying for a second, collation-sensitive substring check.
 *
 * Terms are stored as integers, not text: a pair of BMP characters is exactly c1·65536 + c2 (as
 * a signed 32-bit value), a single character its code point. An integer array is a third of the
 * size of the text array, keeps the enterprise table small enough to stay in PostgreSQL's cache,
 * and `@>` compares integers instead of strings on every row it checks.
 */
const KEEP = /[\p{L}\p{N}]/u;

/** Characters outside the BMP (rare CJK extensions) fold into the private-use area: lossy, but a
 * clash can only add a result, never lose one. */
function code(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp <= 0xffff ? cp : 0xe000 + (cp % 0x1900);
}

function codes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text.normalize('NFKC').toLowerCase()) if (KEEP.test(ch)) out.push(code(ch));
  return out;
}

const pair = (a: number, b: number) => (a * 65536 + b) | 0;

function addTerms(text: string, terms: Set<number>): void {
  const cs = codes(text);
  for (let i = 0; i < cs.length; i++) {
    terms.add(cs[i]!);
    if (i + 1 < cs.length) terms.add(pair(cs[i]!, cs[i + 1]!));
  }
}

export function enterpriseSearchTerms(name: string, address: string): number[] {
  const terms = new Set<number>();
  addTerms(name, terms);
  addTerms(address, terms);
  return [...terms];
}

/**
 * Terms a query needs: its pairs (a single character needs itself). Fewer terms make the GIN
 * lookup cheaper than testing every single character too.
 */
export function queryTerms(query: string): number[] {
  const cs = codes(query);
  if (cs.length === 1) return cs;
  const terms = new Set<number>();
  for (let i = 0; i + 1 < cs.length; i++) terms.add(pair(cs[i]!, cs[i + 1]!));
  return [...terms];
}
