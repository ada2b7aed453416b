import { readFileSync } from 'node:fs';
import { GONGMAO_CATEGORIES } from '@safegrid/contracts/values';

type Category = (typeof GONGMAO_CATEGORIES)[number];

export const PATROL_FREQUENCY_FILE = new URL(
  '../../../../../data/grid/patrol-frequency.json',
  import.meta.url,
);

export interface PatrolFrequency {
  version: string;
  intervalMonths: Readonly<Record<Category, number>>;
  /** Share of general-grade enterprises (双随机 tier) drawn for a patrol each month, in percent. */
  generalSamplePercentPerMonth: number;
}

/**
 * The platform default patrol interval per 工贸 category (not a regulatory figure: see the file's
 * status). A missing category or an interval outside 1–12 months stops start-up rather than
 * silently leaving enterprises without patrols.
 */
export function loadPatrolFrequency(file: URL = PATROL_FREQUENCY_FILE): PatrolFrequency {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    version?: unknown;
    intervalMonths?: Record<string, unknown>;
    generalSamplePercentPerMonth?: unknown;
  };
  if (typeof raw.version !== 'string' || !raw.intervalMonths) {
    throw new Error(`${file.pathname}: no version or no intervalMonths`);
  }
  const intervalMonths = {} as Record<Category, number>;
  for (const category of GONGMAO_CATEGORIES) {
    const months = raw.intervalMonths[category];
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 12) {
      throw new Error(`${file.pathname}: ${category} needs a whole number of months from 1 to 12`);
    }
    intervalMonths[category] = months;
  }
  const sample = raw.generalSamplePercentPerMonth;
  if (typeof sample !== 'number' || !(sample >= 0 && sample <= 100)) {
    throw new Error(`${file.pathname}: generalSamplePercentPerMonth needs a percentage from 0 to 100`);
  }
  return { version: raw.version, intervalMonths, generalSamplePercentPerMonth: sample };
}

/** Months since year 0, so that "every n months" runs on across the turn of a year. */
export function monthIndex(month: string): number {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return year * 12 + (mon - 1);
}

/**
 * Whether an enterprise is due in the month: its phase (id mod interval) picks which month of
 * each cycle, so a yearly category's visits are spread over the twelve months instead of all
 * falling in January. The generation SQL applies the same rule; this is its reference.
 */
export function isDue(enterpriseId: number, intervalMonths: number, month: string): boolean {
  return monthIndex(month) % intervalMonths === enterpriseId % intervalMonths;
}

export function daysInMonth(month: string): number {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, mon, 0)).getUTCDate();
}
