/**
 * What a document looks like, independent of PDF: the renderer draws these blocks in order, and
 * the form definitions (document-types.ts) build them from the form data and the input. Adding a
 * form means writing its builder; the renderer does not change.
 */

export type LayoutBlock =
  /** The addressee line of a notice, e.g. "深圳市某某有限公司：". */
  | { kind: 'addressee'; text: string }
  /** A sentence of the form: first line indented by two characters, wraps. */
  | { kind: 'paragraph'; text: string }
  /** Items printed "1．…", "2．…" with a hanging indent. */
  | { kind: 'numbered'; items: string[] }
  /** "label：value" with the value wrapping under itself. */
  | { kind: 'field'; label: string; value: string }
  /** Several fields on one line when they fit, e.g. 职务 and 联系电话 (else one per line). */
  | { kind: 'fields'; items: { label: string; value: string }[] }
  /** "label：" on its own line (if any) and free text below, each line a paragraph; may be empty. */
  | { kind: 'text'; label?: string; text: string }
  /** Signature lines with room to sign; a line may be aligned under a part of the previous one. */
  | { kind: 'signatures'; lines: { text: string; alignUnder?: string }[] }
  /** The seal placeholder and the date below it (none when empty), in the right half. */
  | { kind: 'seal'; text: string; date: string }
  /** Small print, e.g. 本文书一式两份… */
  | { kind: 'note'; text: string };

export interface DocumentLayout {
  /** 安全生产行政执法文书 */
  header: string;
  title: string;
  number: string;
  blocks: LayoutBlock[];
  /** The verification block; absent only in the benchmark's baseline. */
  verification?: { code: string; url: string };
  info: { title: string; author: string; subject: string; keywords: string; createdAt: Date };
}

/** Runs of two or more underscores are the blanks of the form data ("____年__月__日"). */
const BLANK = /_{2,}/g;

export function countBlanks(sentence: string): number {
  return sentence.match(BLANK)?.length ?? 0;
}

/**
 * Fills the blanks of a form sentence in order. The number of values must be the number of
 * blanks: a form whose wording changed fails here rather than printing a misplaced value.
 */
export function fillBlanks(sentence: string, values: readonly string[]): string {
  const blanks = countBlanks(sentence);
  if (blanks !== values.length) {
    throw new Error(`"${sentence}" has ${blanks} blanks, ${values.length} values given`);
  }
  let i = 0;
  return sentence.replace(BLANK, () => values[i++]!);
}

/** Room for a handwritten signature (five ideographic spaces). */
export const SIGNATURE_GAP = '\u3000'.repeat(5);
