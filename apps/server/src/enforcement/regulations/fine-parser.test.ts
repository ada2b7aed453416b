import { describe, expect, it } from 'vitest';
import { parseFineRanges, parseMeasures } from './fine-parser';

describe('parseFineRanges', () => {
  it('reads the unit, the escalated unit and the persons responsible (深圳条例 第五十六条)', () => {
    const text =
      '高危生产经营单位有下列情形之一的，由负有安全生产监督管理职责的部门责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十五万元以上三十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处三万元以上十万元以下的罚款：';
    expect(parseFineRanges(text)).toEqual([
      { target: '生产经营单位', minYuan: 0, maxYuan: 100_000, basis: null, ratio: null },
      { target: '生产经营单位(逾期未改正)', minYuan: 150_000, maxYuan: 300_000, basis: null, ratio: null },
      {
        target: '直接负责的主管人员和其他直接责任人员(逾期未改正)',
        minYuan: 30_000,
        maxYuan: 100_000,
        basis: null,
        ratio: null,
      },
    ]);
  });

  it('reads arabic amounts and "拒不改正" (危化条例 第七十八条)', () => {
    const text =
      '由安全生产监督管理部门责令改正，可以处5万元以下的罚款；拒不改正的，处5万元以上10万元以下的罚款；情节严重的，责令停产停业整顿：';
    expect(parseFineRanges(text, '危险化学品单位').map((r) => [r.target, r.minYuan, r.maxYuan])).toEqual([
      ['危险化学品单位', 0, 50_000],
      ['危险化学品单位(拒不改正)', 50_000, 100_000],
    ]);
  });

  it('finds nothing where the text names no fine', () => {
    expect(parseFineRanges('分别依照《安全生产许可证条例》的规定处罚。')).toEqual([]);
  });

  it('names the measures', () => {
    expect(parseMeasures('责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿')).toEqual([
      '责令限期改正',
      '责令停产停业整顿',
    ]);
    expect(parseMeasures('责令改正，没收违法所得')).toEqual(['责令改正', '没收违法所得']);
  });
});

describe('parseFineRanges within one sentence', () => {
  it('escalates only the fines written after "逾期未改正" (深圳条例 第五十四条第（一）项)', () => {
    const text =
      '高危生产经营单位未设置安全生产管理机构或者未配备专职安全生产管理人员的，责令限期改正，处十万元以下的罚款，逾期未改正的，责令停产停业整顿，并处十五万元以上三十万元以下的罚款';
    expect(parseFineRanges(text).map((r) => [r.target, r.minYuan, r.maxYuan])).toEqual([
      ['生产经营单位', 0, 100_000],
      ['生产经营单位(逾期未改正)', 150_000, 300_000],
    ]);
  });
});
