import { useMemo } from 'react';
import { highlightSegments } from './highlightModel';

/** A text with the given phrases marked (`<mark>`); the text itself is never changed. */
export function Highlighted({ text, phrases }: { text: string; phrases: readonly string[] }) {
  const segments = useMemo(() => highlightSegments(text, phrases), [text, phrases]);
  return (
    <>
      {segments.map((s, i) =>
        s.highlight ? (
          <mark key={i} className="sg-hl">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
