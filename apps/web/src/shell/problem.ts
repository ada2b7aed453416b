import type { Problem } from '@safegrid/contracts';
import { formatMessage, type Lookup, type MessageParams } from './i18n/format';

/** A problem+json body as far as the client relies on it (a subset of the contract's Problem). */
export type ProblemLike = Pick<Problem, 'code'> &
  Partial<Pick<Problem, 'status' | 'detail' | 'requestId' | 'params' | 'errors' | 'title'>>;

export interface LocalisedField {
  /** JSON pointer as sent by the server, e.g. "/body/location/0". */
  pointer: string;
  /** The pointer below its request part: ["location", "0"]. */
  path: string[];
  code: string;
  message: string;
}

export interface LocalisedProblem {
  code: string;
  message: string;
  fields: LocalisedField[];
}

const REQUEST_PARTS = new Set(['body', 'querystring', 'query', 'params', 'headers']);

/** "/body/location/0" → ["location", "0"]; RFC 6901 escapes (~1, ~0) are undone. */
export function pointerToPath(pointer: string): string[] {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments.length > 0 && REQUEST_PARTS.has(segments[0] ?? '')) segments.shift();
  return segments.filter((s) => s !== '');
}

/**
 * Parameter values that are themselves codes (e.g. the credit-code `reason` "check_digit", or
 * the `resource` "enterprise") are translated through `param.<name>.<value>` when the catalogue
 * has such an entry; everything else passes through unchanged.
 */
export function localiseParams(
  params: MessageParams | undefined,
  lookup: Lookup,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    out[key] = typeof value === 'string' ? (lookup(`param.${key}.${value}`) ?? value) : value;
  }
  return out;
}

function fieldMessage(
  error: NonNullable<ProblemLike['errors']>[number],
  lookup: Lookup,
  locale: string | undefined,
): string {
  const template = lookup(`field.${error.code}`) ?? lookup(`error.${error.code}`);
  if (template !== undefined) return formatMessage(template, localiseParams(error.params, lookup), locale);
  const serverText = error.params?.['message'];
  if (typeof serverText === 'string' && serverText !== '') return serverText;
  return lookup('field.invalid') ?? error.code;
}

/**
 * Turns a problem into text for the user: by its stable `code` through the catalogue
 * (`error.<code>`), falling back to the server's `detail`, then to a generic sentence.
 */
export function localiseProblem(problem: ProblemLike, lookup: Lookup, locale?: string): LocalisedProblem {
  const template = lookup(`error.${problem.code}`);
  const params = localiseParams(
    { ...(problem.requestId ? { requestId: problem.requestId } : {}), ...(problem.params ?? {}) },
    lookup,
  );
  const message =
    template !== undefined
      ? formatMessage(template, params, locale)
      : problem.detail ||
        formatMessage(lookup('error.unknown') ?? problem.code, { code: problem.code }, locale);
  const fields = (problem.errors ?? []).map((error) => ({
    pointer: error.pointer,
    path: pointerToPath(error.pointer),
    code: error.code,
    message: fieldMessage(error, lookup, locale),
  }));
  return { code: problem.code, message, fields };
}
