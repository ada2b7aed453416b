import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The official forms, read from data/laws/enforcement-documents-2016.json (《安全生产行政执法文书式样
 * （2016年版）》, transcribed; see that file's `status` and `sources`). Every word of legal text a
 * document prints comes from here — never from this source code — after the explicit updates of
 * legal-updates.ts.
 */

export const ENFORCEMENT_DOCUMENTS_PATH = fileURLToPath(
  new URL('../../../../../data/laws/enforcement-documents-2016.json', import.meta.url),
);

export interface FormData {
  type: string;
  form2016No: number | number[];
  title: string;
  number2016: string;
  numberEmergencyPractice: string;
  fields?: string[];
  /** The sentences of the form that are not blanks (a string where the file refers to another form). */
  fixedWording: string[] | string;
  signatureBlocks?: string[];
  seal?: string | null;
  copies?: string | null;
  layoutText2016: string | Record<string, string>;
  status: string;
  legalBasis?: string;
  notes?: string;
  updateNeeded?: string;
}

export interface EnforcementDocumentsFile {
  title: string;
  status: string;
  documents: FormData[];
  commonLayout: Record<string, string>;
  numberingCodes: {
    official2016: Record<string, string>;
    emergencyPracticeObserved: Record<string, string>;
    emergencyPracticeFormat: string;
    official2016AllForms: Record<string, string | null>;
    note: string;
  };
  legalUpdatesToApply: string[];
  sources: Record<string, unknown>;
}

let cached: EnforcementDocumentsFile | undefined;

/** Read once per process, at the first document. */
export function enforcementDocumentsFile(): EnforcementDocumentsFile {
  cached ??= JSON.parse(readFileSync(ENFORCEMENT_DOCUMENTS_PATH, 'utf8')) as EnforcementDocumentsFile;
  return cached;
}

export function formData(type: string): FormData {
  const form = enforcementDocumentsFile().documents.find((d) => d.type === type);
  if (!form) throw new Error(`Form ${type} is not in ${ENFORCEMENT_DOCUMENTS_PATH}`);
  return form;
}

/** The form's sentences as a list (the 个人 decision refers to the 单位 one's three sentences). */
export function fixedWordingOf(form: FormData): string[] {
  if (Array.isArray(form.fixedWording)) return form.fixedWording;
  const same = /^same three sentences as (.+)$/.exec(form.fixedWording);
  if (same) return fixedWordingOf(formData(same[1]!));
  throw new Error(`Form ${form.type}: fixedWording is neither a list nor a reference`);
}

/** The first line of every 2016 form: 安全生产行政执法文书. */
export function documentHeader(form: FormData): string {
  const layout =
    typeof form.layoutText2016 === 'string' ? form.layoutText2016 : Object.values(form.layoutText2016)[0]!;
  return layout.split('\n')[0]!.trim();
}

/**
 * The code of the form's number in post-2018 practice, e.g. 应急责改 from
 * "（简称）应急责改〔年〕N号". Forms that share a code (处罚决定书 单位/个人) share one series.
 */
export function numberCodeOf(form: FormData): string {
  const match = /^（简称）([^（）〔〕]+)〔年〕N号$/.exec(form.numberEmergencyPractice);
  if (!match) throw new Error(`Form ${form.type}: no emergency-practice number pattern`);
  return match[1]!;
}
