/**
 * Okapi BM25 over pre-tokenised documents. Small and allocation-light: the matcher scores ~150
 * provisions per query, the library search ~600 articles.
 */

export interface Bm25Options {
  k1?: number;
  b?: number;
}

export interface Bm25Index {
  size: number;
  /** Scores of every document for the query tokens (0 where nothing matches). */
  score(query: readonly string[]): Float64Array;
  /** Inverse document frequency of a token (0 for a token no document has). */
  idf(token: string): number;
}

export function createBm25Index(
  documents: readonly (readonly string[])[],
  options: Bm25Options = {},
): Bm25Index {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const n = documents.length;
  const lengths = documents.map((d) => d.length);
  const avgLength = lengths.reduce((a, x) => a + x, 0) / Math.max(1, n);
  // token → (document index → term frequency)
  const postings = new Map<string, Map<number, number>>();
  documents.forEach((doc, i) => {
    for (const token of doc) {
      let list = postings.get(token);
      if (!list) postings.set(token, (list = new Map()));
      list.set(i, (list.get(i) ?? 0) + 1);
    }
  });
  const idfOf = (token: string) => {
    const df = postings.get(token)?.size ?? 0;
    return df === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  return {
    size: n,
    idf: idfOf,
    score(query) {
      const scores = new Float64Array(n);
      const counts = new Map<string, number>();
      for (const t of query) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [token, qtf] of counts) {
        const list = postings.get(token);
        if (!list) continue;
        const idf = idfOf(token);
        for (const [i, tf] of list) {
          const norm = tf + k1 * (1 - b + (b * (lengths[i] ?? 0)) / avgLength);
          // A repeated query word counts, but less than linearly.
          scores[i] = (scores[i] ?? 0) + idf * ((tf * (k1 + 1)) / norm) * Math.sqrt(qtf);
        }
      }
      return scores;
    },
  };
}
