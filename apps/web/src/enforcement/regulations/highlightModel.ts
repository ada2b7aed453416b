/**
 * Highlighting: cuts a text into plain and highlighted segments for the words a search or the
 * matcher reports. Phrases may overlap or touch (they are merged), repeat, or not occur at all
 * (ignored); the segments always join back to the original text.
 */

export interface Segment {
  text: string;
  highlight: boolean;
}

/** Half-open [start, end) ranges of the text covered by any occurrence of any phrase, merged. */
export function highlightRanges(text: string, phrases: readonly string[]): [number, number][] {
  if (text === '') return [];
  const covered = new Uint8Array(text.length);
  for (const phrase of new Set(phrases)) {
    if (phrase === '') continue;
    // Step by one so that overlapping occurrences of the same phrase ("aa" in "aaa") all count.
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
      covered.fill(1, at, at + phrase.length);
    }
  }
  const ranges: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const on = i < text.length && covered[i] === 1;
    if (on && start === -1) start = i;
    else if (!on && start !== -1) {
      ranges.push([start, i]);
      start = -1;
    }
  }
  return ranges;
}

/** The text as alternating segments; an empty text gives none. */
export function highlightSegments(text: string, phrases: readonly string[]): Segment[] {
  const segments: Segment[] = [];
  let pos = 0;
  for (const [start, end] of highlightRanges(text, phrases)) {
    if (start > pos) segments.push({ text: text.slice(pos, start), highlight: false });
    segments.push({ text: text.slice(start, end), highlight: true });
    pos = end;
  }
  if (pos < text.length) segments.push({ text: text.slice(pos), highlight: false });
  return segments;
}
