/**
 * Index terms for substring search on Chinese names and addresses: every character and every
 * pair of adjacent characters (letters and digits folded to lower case, spaces and punctuation
 * dropped). A query matches when all of its bigrams are present (GIN `@>`). That admits the rare
 * record holding "ab" and "bc" but not "abc"; such a record still shares every pair the user
 * typed, so it is kept rather than paying for a second, collation-sensitive substring check.
 */
const KEEP = /[\p{L}\p{N}]/u;

function characters(text: string): string[] {
  const out: string[] = [];
  for (const ch of text.normalize('NFKC').toLowerCase()) if (KEEP.test(ch)) out.push(ch);
  return out;
}

function termsOf(text: string): Set<string> {
  const chars = characters(text);
  const terms = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    terms.add(chars[i]!);
    if (i + 1 < chars.length) terms.add(chars[i]! + chars[i + 1]!);
  }
  return terms;
}

export function enterpriseSearchTerms(name: string, address: string): string[] {
  return [...new Set([...termsOf(name), ...termsOf(address)])];
}

/**
 * Terms a query needs: its bigrams (a single character needs itself). Fewer, longer terms make
 * the GIN lookup cheaper than testing every unigram too.
 */
export function queryTerms(query: string): string[] {
  const chars = characters(query);
  if (chars.length === 1) return chars;
  const terms = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
  return [...terms];
}
