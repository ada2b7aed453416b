import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { FieldProblem } from '../../errors';
import { isCalendarDate, isLocalDateTime } from './document-dates';

/**
 * Checks of a document's input that do not depend on the form: the content schema of the type
 * (limits reported with stable codes), then every text — no control characters, no line break
 * in a one-line value, not only blanks — and every date. Pointers lead into the request body.
 */

const BASE = '/body/content';

/** Schema keyword → stable code, where one exists; others keep the generic `schema.<keyword>`. */
function codeOf(keyword: string, path: string): string {
  if (keyword === 'maxLength') return 'document.value_too_long';
  if (keyword === 'minItems' && path === '/findings') return 'document.findings_empty';
  return `schema.${keyword}`;
}

export function schemaProblems(schema: TSchema, content: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of Value.Errors(schema, content)) {
    // "additionalProperties: false" reports each extra key twice; keep the one naming it.
    if (error.keyword === 'boolean') continue;
    const params = error.params as Record<string, unknown>;
    const out: Record<string, string | number> = {};
    if (typeof params.limit === 'number') out.limit = params.limit;
    if (Array.isArray(params.additionalProperties)) out.property = params.additionalProperties.join(', ');
    if (Array.isArray(params.requiredProperties)) out.property = params.requiredProperties.join(', ');
    problems.push({
      pointer: `${BASE}${error.instancePath}`,
      code: codeOf(error.keyword, error.instancePath),
      params: out,
    });
  }
  // The stable codes first: the first problem names the error of the whole response.
  return problems.sort(
    (a, b) => Number(!a.code.startsWith('document.')) - Number(!b.code.startsWith('document.')),
  );
}

/** C0/C1 controls other than line breaks, lone surrogates, and U+FFFE/U+FFFF. */
const FORBIDDEN = new RegExp(
  String.raw`[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`,
  'u',
);
const LINE_BREAK = /[\r\n\u2028\u2029]/u;

interface StringSchema {
  type?: string;
  format?: string;
  pattern?: string;
  'x-multiline'?: boolean;
  properties?: Record<string, StringSchema>;
  items?: StringSchema;
}

/** Every string of the content with its pointer and schema (content already matches the schema). */
export function* stringsOf(
  schema: StringSchema,
  value: unknown,
  pointer = '',
): Generator<{ pointer: string; value: string; schema: StringSchema }> {
  if (typeof value === 'string') {
    yield { pointer, value, schema };
  } else if (Array.isArray(value) && schema.items) {
    for (let i = 0; i < value.length; i++) yield* stringsOf(schema.items, value[i], `${pointer}/${i}`);
  } else if (value && typeof value === 'object' && schema.properties) {
    for (const [key, child] of Object.entries(schema.properties)) {
      if (key in value) yield* stringsOf(child, (value as Record<string, unknown>)[key], `${pointer}/${key}`);
    }
  }
}

const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const DATE_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$';

export function textProblems(schema: TSchema, content: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const { pointer, value, schema: s } of stringsOf(schema as StringSchema, content)) {
    const at = `${BASE}${pointer}`;
    if (FORBIDDEN.test(value) || (!s['x-multiline'] && LINE_BREAK.test(value))) {
      problems.push({ pointer: at, code: 'document.character_invalid' });
    } else if (value.trim() === '') {
      problems.push({ pointer: at, code: 'document.value_blank' });
    } else if (s.pattern === DATE_PATTERN && !isCalendarDate(value)) {
      problems.push({ pointer: at, code: 'document.date_invalid', params: { value } });
    } else if (s.pattern === DATE_TIME_PATTERN && !isLocalDateTime(value)) {
      problems.push({ pointer: at, code: 'document.date_invalid', params: { value } });
    }
  }
  return problems;
}

/** Characters the document font has no glyph for (they would print as empty boxes). */
export function unprintableProblems(
  schema: TSchema,
  content: unknown,
  canPrint: (codePoint: number) => boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const { pointer, value } of stringsOf(schema as StringSchema, content)) {
    for (const character of value) {
      const codePoint = character.codePointAt(0)!;
      if (codePoint === 10 || codePoint === 13) continue;
      if (!canPrint(codePoint)) {
        problems.push({
          pointer: `${BASE}${pointer}`,
          code: 'document.character_unprintable',
          params: { character },
        });
        break;
      }
    }
  }
  return problems;
}

/**
 * Multi-line text as the renderer takes it: CR LF and CR become LF, trailing blanks of each line
 * and blank lines at the ends go (they would only print as empty space).
 */
export function normaliseText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The content with every string normalised (one-line values trimmed). */
export function normaliseContent<T>(value: T): T {
  if (typeof value === 'string') return normaliseText(value).trim() as T;
  if (Array.isArray(value)) return value.map(normaliseContent) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseContent(v)])) as T;
  }
  return value;
}
