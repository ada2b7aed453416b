import type { ImportJob } from '@safegrid/contracts';

export const POLL_INTERVAL_MS = 500;
export const ACCEPTED_EXTENSIONS = ['.xlsx', '.csv'] as const;

export function isFinished(job: Pick<ImportJob, 'status'>): boolean {
  return job.status === 'succeeded' || job.status === 'failed';
}

/** Percentage for the progress bar; 100 once succeeded even if the counters lag. */
export function progressPercent(job: Pick<ImportJob, 'status' | 'processedRows' | 'totalRows'>): number {
  if (job.status === 'succeeded') return 100;
  if (job.totalRows <= 0) return 0;
  return Math.min(100, Math.floor((job.processedRows / job.totalRows) * 100));
}

export function hasAcceptedExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Parameters the failure messages may use; the job carries counts, not the server's params. */
export function jobErrorParams(job: ImportJob): Record<string, number> {
  return { count: job.errorCount, rows: job.totalRows };
}
