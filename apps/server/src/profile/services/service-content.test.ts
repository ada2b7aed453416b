import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { parseServiceContent, ServiceContentError, SERVICE_CONTENT_FILE } from './service-content';

const catalogue = regulationLibrary().catalogue;
const DEFAULT = JSON.parse(readFileSync(SERVICE_CONTENT_FILE, 'utf8')) as {
  items: Record<string, unknown>[];
} & Record<string, unknown>;

/** A copy of the default file with its items changed. */
function variant(change: (items: Record<string, unknown>[]) => void) {
  const copy = structuredClone(DEFAULT);
  change(copy.items);
  return copy;
}

function problemsOf(raw: unknown): string[] {
  try {
    parseServiceContent(raw, catalogue);
  } catch (error) {
    if (error instanceof ServiceContentError) return error.problems;
    throw error;
  }
  return [];
}

describe('service content library', () => {
  it('parses the default file; every kind is present and every regulation ref resolves', () => {
    const content = parseServiceContent(DEFAULT, catalogue);
    expect(content.version).toBe('2026.1');
    expect(new Set(content.items.map((i) => i.kind))).toEqual(
      new Set(['regulation', 'training', 'warning', 'advice']),
    );
    for (const item of content.items) {
      for (const ref of item.refs) expect(catalogue.resolve(ref), ref).toBeDefined();
      if (item.kind === 'training') expect(item.durationMinutes).toBeGreaterThan(0);
    }
    // 令第10号's fields come from the library: 第三条 and 第十四条 are general, 第十三条 confined spaces.
    expect(content.majorHazardArticles.general).toEqual([
      'major-hazard-criteria-2023:3',
      'major-hazard-criteria-2023:14',
    ]);
    expect(content.majorHazardArticles.confined_space).toEqual(['major-hazard-criteria-2023:13']);
  });

  it('holds no legal text of its own: regulation items cite refs only', () => {
    const texts = DEFAULT.items.flatMap((i) => [
      ...Object.values(i.title as object),
      ...Object.values(i.summary as object),
    ]) as string[];
    for (const text of texts) {
      // A quoted clause would carry the law's own sentence forms.
      expect(text).not.toMatch(/应当判定为重大事故隐患|有下列情形之一的/);
    }
  });

  it('refuses an unknown ref, an unknown indicator, an item without rules, a duplicate id', () => {
    expect(
      problemsOf(
        variant((items) => {
          items[2]!.refs = ['confined-space-rules-2023:99'];
        }),
      ),
    ).toEqual(['$.items[2].refs[0]: not in the regulation library: confined-space-rules-2023:99']);
    expect(
      problemsOf(
        variant((items) => {
          items[1]!.match = { indicators: [{ indicator: 'nonsense', atLeast: 1 }] };
        }),
      ),
    ).toEqual(['$.items[1].match.indicators[0].indicator: not a grading input: "nonsense"']);
    expect(
      problemsOf(
        variant((items) => {
          items[3]!.match = {};
        }),
      ),
    ).toEqual(['$.items[3].match: names no rule']);
    expect(
      problemsOf(
        variant((items) => {
          items[4]!.id = items[0]!.id;
        }),
      ),
    ).toEqual(['$.items[4].id: duplicate id regulation.major-hazard-industry']);
  });

  it('refuses legal citations outside regulation items, a training item without a duration, two ops', () => {
    const problems = problemsOf(
      variant((items) => {
        const training = items.find((i) => i.kind === 'training')!;
        delete training.durationMinutes;
        const advice = items.find((i) => i.kind === 'advice')!;
        advice.refs = ['work-safety-law-2021:41'];
        advice.match = { indicators: [{ indicator: 'overdueHazards', atLeast: 1, equals: 2 }] };
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('durationMinutes: a training item needs'),
        expect.stringContaining('refs: only regulation items cite the law'),
        expect.stringContaining('needs exactly one of below, atLeast, equals'),
      ]),
    );
  });
});
