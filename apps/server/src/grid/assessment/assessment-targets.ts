import { readFileSync } from 'node:fs';

export const ASSESSMENT_TARGETS_FILE = new URL('../../../../../data/grid/assessment.json', import.meta.url);

export interface AssessmentTargets {
  version: string;
  verificationTargetDays: number;
}

/** Reads data/grid/assessment.json, refusing a file whose target is not a sensible whole number. */
export function loadAssessmentTargets(path: URL | string = ASSESSMENT_TARGETS_FILE): AssessmentTargets {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<AssessmentTargets>;
  const days = raw.verificationTargetDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 90) {
    throw new Error(`${String(path)}: verificationTargetDays must be a whole number of days from 1 to 90`);
  }
  return { version: String(raw.version ?? ''), verificationTargetDays: days };
}
