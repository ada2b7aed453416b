import { describe, expect, it } from 'vitest';
import { hasAcceptedExtension, isFinished, progressPercent } from './importModel';

describe('import model', () => {
  it('computes progress and caps it', () => {
    expect(progressPercent({ status: 'validating', processedRows: 0, totalRows: 0 })).toBe(0);
    expect(progressPercent({ status: 'writing', processedRows: 333, totalRows: 1000 })).toBe(33);
    expect(progressPercent({ status: 'writing', processedRows: 1200, totalRows: 1000 })).toBe(100);
    expect(progressPercent({ status: 'succeeded', processedRows: 10, totalRows: 1000 })).toBe(100);
  });

  it('knows when to stop polling', () => {
    expect(isFinished({ status: 'validating' })).toBe(false);
    expect(isFinished({ status: 'writing' })).toBe(false);
    expect(isFinished({ status: 'succeeded' })).toBe(true);
    expect(isFinished({ status: 'failed' })).toBe(true);
  });

  it('accepts .xlsx and .csv only', () => {
    expect(hasAcceptedExtension('企业名单.XLSX')).toBe(true);
    expect(hasAcceptedExtension('list.csv')).toBe(true);
    expect(hasAcceptedExtension('list.xls')).toBe(false);
  });
});
