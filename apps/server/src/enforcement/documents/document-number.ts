/**
 * Document numbers (文书编号) as post-2018 practice prints them: "（简称）应急责改〔年〕N号" — the
 * issuing agency's short name in full-width parentheses, the form's code, the year in 六角括号 〔〕
 * and the running number of that agency, code and year. The pattern is the form data's
 * `numberEmergencyPractice`; like GB/T 9704's 发文字号 it has no 第 and no leading zeros. (The
 * parser also reads a 第 before the number, which some systems print.)
 */

export interface DocumentNumberParts {
  /** 简称 of the issuing agency, e.g. 深龙. */
  agencyShortName: string;
  /** The form's code, e.g. 应急责改. */
  code: string;
  year: number;
  sequence: number;
}

const FORBIDDEN = /[（）〔〕()[\]\s]/u;

/** Whether the parts make an unambiguous number (what `parseDocumentNumber` can read back). */
export function validNumberParts(parts: DocumentNumberParts): boolean {
  return (
    parts.agencyShortName.length > 0 &&
    !FORBIDDEN.test(parts.agencyShortName) &&
    parts.code.length > 0 &&
    !FORBIDDEN.test(parts.code) &&
    !parts.code.endsWith('第') &&
    Number.isInteger(parts.year) &&
    parts.year >= 1000 &&
    parts.year <= 9999 &&
    Number.isSafeInteger(parts.sequence) &&
    parts.sequence >= 1
  );
}

export function formatDocumentNumber(parts: DocumentNumberParts): string {
  if (!validNumberParts(parts)) throw new Error(`Invalid document number parts: ${JSON.stringify(parts)}`);
  return `（${parts.agencyShortName}）${parts.code}〔${parts.year}〕${parts.sequence}号`;
}

const NUMBER = /^（([^（）〔〕]+)）([^（）〔〕]+?)〔(\d{4})〕(?:第)?([1-9]\d*)号$/u;

export function parseDocumentNumber(text: string): DocumentNumberParts | undefined {
  const match = NUMBER.exec(text.trim());
  if (!match) return undefined;
  const parts = {
    agencyShortName: match[1]!,
    code: match[2]!,
    year: Number(match[3]),
    sequence: Number(match[4]),
  };
  return validNumberParts(parts) ? parts : undefined;
}
