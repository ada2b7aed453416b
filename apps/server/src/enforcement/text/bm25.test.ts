import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBm25Index } from './bm25';

describe('BM25', () => {
  it('ranks the document that shares the rarer word first', () => {
    const index = createBm25Index([
      ['安全', '警示', '标志'],
      ['安全', '培训'],
      ['安全', '设备', '维护'],
    ]);
    const s = index.score(['警示', '安全']);
    const [first = 0, second = 0, third = 0] = s;
    expect(first).toBeGreaterThan(second);
    expect(first).toBeGreaterThan(third);
    expect(index.idf('警示')).toBeGreaterThan(index.idf('安全'));
    expect(index.idf('不存在')).toBe(0);
  });

  it('never scores a document that shares no token with the query', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 8 }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }),
        (docs, query) => {
          const scores = createBm25Index(docs).score(query);
          return docs.every((doc, i) =>
            doc.some((t) => query.includes(t)) ? (scores[i] ?? 0) > 0 : scores[i] === 0,
          );
        },
      ),
    );
  });
});
