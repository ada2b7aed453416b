import { exceeds, GAS_RULE_SHAPES, GASES, type Comparator, type Gas, type GasRuleId } from './gas-limits';
import { chinaWallClock } from '../../platform/time/china-time';

/**
 * The readings around an alarm as evidence for a hazard: a CSV file (one line per device, reading
 * and gas, so a spreadsheet filters it without knowing our columns) and a short text summary for
 * the hazard itself — peak, limit and time over the limit — since a hazard's text has no chart.
 * Pure: the caller loads the readings and the alarm.
 */

export interface EvidenceReading {
  deviceId: string;
  seq: string;
  measuredAt: Date;
  o2: number | null;
  h2s: number | null;
  co: number | null;
  lel: number | null;
}

export interface AlarmFacts {
  id: string;
  kind: string;
  deviceId: string | null;
  spaceName: string | null;
  occurredAt: Date;
  detail: Record<string, unknown>;
}

/** Readings before the alarm worth keeping: enough to show the rise, not the whole shift. */
export const EVIDENCE_LEAD_MS = 5 * 60_000;
/** At most this many readings go into one file (≈ 3 h of one detector at 1 Hz … 4 lines each). */
export const EVIDENCE_MAX_READINGS = 10_000;

export const GAS_UNITS: Readonly<Record<Gas, string>> = { o2: '%vol', h2s: 'ppm', co: 'ppm', lel: '%LEL' };
const GAS_LABELS: Readonly<Record<Gas, string>> = { o2: 'O₂', h2s: 'H₂S', co: 'CO', lel: '可燃气体' };
const ALARM_KIND_LABELS: Readonly<Record<string, string>> = {
  gas_over_limit: '气体超限',
  unapproved_unlocking: '未经审批开锁',
  overtime: '作业超时',
  detector_silent: '检测仪无数据',
  device_offline: '设备离线',
  low_battery: '电量低',
};

export const CSV_HEADER = 'device_id,seq,measured_at,gas,value,unit';

/** Device ids are ours (no commas or quotes by the device contract); quoted anyway, as CSV wants. */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export function readingsCsv(readings: readonly EvidenceReading[]): string {
  const lines = [CSV_HEADER];
  for (const r of readings) {
    for (const gas of GASES) {
      const value = r[gas];
      if (value === null || !Number.isFinite(value)) continue;
      lines.push(
        [csvField(r.deviceId), r.seq, r.measuredAt.toISOString(), gas, String(value), GAS_UNITS[gas]].join(
          ',',
        ),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface OverLimit {
  peak: number;
  peakAt: Date;
  /** Milliseconds the readings were over the limit, summed over every stretch. */
  overMs: number;
  firstOverAt: Date | null;
}

/**
 * Peak and time over the limit of one gas on one device. A stretch over the limit lasts from its
 * first reading over the limit to the first reading back inside (or the last reading, when the
 * readings end over the limit); the peak is the worst reading in the limit's direction.
 */
export function overLimit(
  readings: readonly { measuredAt: Date; value: number }[],
  limit: { comparator: Comparator; value: number },
): OverLimit | null {
  if (readings.length === 0) return null;
  const low = limit.comparator === '<' || limit.comparator === '<=';
  let peak = readings[0]!;
  let overMs = 0;
  let since: Date | null = null;
  let firstOverAt: Date | null = null;
  let last = readings[0]!.measuredAt;
  for (const r of readings) {
    if (low ? r.value < peak.value : r.value > peak.value) peak = r;
    const over = exceeds(limit, r.value);
    if (over && since === null) {
      since = r.measuredAt;
      firstOverAt ??= r.measuredAt;
    } else if (!over && since !== null) {
      overMs += r.measuredAt.getTime() - since.getTime();
      since = null;
    }
    last = r.measuredAt;
  }
  if (since !== null) overMs += last.getTime() - since.getTime();
  return { peak: peak.value, peakAt: peak.measuredAt, overMs, firstOverAt };
}

/** Asia/Shanghai wall-clock time (UTC+8, no daylight saving), as the hazard's readers read it. */
export function chinaTime(at: Date): string {
  return chinaWallClock(at).slice(0, 19).replace('T', ' ');
}

export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h > 0 ? `${h} 小时 ` : ''}${h > 0 || m > 0 ? `${m} 分 ` : ''}${s} 秒`;
}

const isRuleId = (value: unknown): value is GasRuleId =>
  typeof value === 'string' && Object.hasOwn(GAS_RULE_SHAPES, value);

/**
 * The chart-free summary written into the hazard. For a gas alarm: the alarm's own rule, peak,
 * limit (as recorded in the alarm when it was raised) and time over it on the alarm's device. For
 * other alarms: the worst value of each gas, without a limit, since no gas rule raised them.
 */
export function summariseReadings(
  alarm: AlarmFacts,
  readings: readonly EvidenceReading[],
  file: { name: string; sha256: string; truncated: boolean; from: Date; to: Date },
): string {
  const kind = ALARM_KIND_LABELS[alarm.kind] ?? alarm.kind;
  const where = [alarm.spaceName, alarm.deviceId && `设备 ${alarm.deviceId}`].filter(Boolean).join('，');
  const parts = [
    `【受限空间报警转隐患】报警 #${alarm.id}（${kind}）${where ? `：${where}` : ''}，发生于 ${chinaTime(alarm.occurredAt)}。`,
  ];
  const rule = alarm.detail.rule;
  const limitValue = alarm.detail.limit;
  const comparator = alarm.detail.comparator;
  if (alarm.kind === 'gas_over_limit' && isRuleId(rule) && typeof limitValue === 'number') {
    const shape = GAS_RULE_SHAPES[rule];
    const series = readings
      .filter((r) => r.deviceId === alarm.deviceId && r[shape.gas] !== null)
      .map((r) => ({ measuredAt: r.measuredAt, value: r[shape.gas]! }));
    const cmp = (
      typeof comparator === 'string' ? comparator : shape.direction === 'low' ? '<' : '>'
    ) as Comparator;
    const found = overLimit(series, { comparator: cmp, value: limitValue });
    const unit = GAS_UNITS[shape.gas];
    const label = GAS_LABELS[shape.gas];
    if (found) {
      parts.push(
        `${label}${shape.direction === 'low' ? '最低' : '峰值'} ${found.peak} ${unit}（${chinaTime(found.peakAt)}），` +
          `报警限值 ${cmp} ${limitValue} ${unit}（规则 ${rule}），超限读数累计 ${formatDuration(found.overMs)}。`,
      );
      if (shape.windowMinutes !== null) {
        parts.push(`注：该限值按 ${shape.windowMinutes} 分钟平均值判定，上述时长按单次读数计。`);
      }
    } else {
      parts.push(
        `报警限值 ${cmp} ${limitValue} ${unit}（规则 ${rule}）；该设备在证据时段内无 ${label} 原始读数。`,
      );
    }
  } else {
    const worst = GASES.flatMap((gas) => {
      const values = readings.map((r) => r[gas]).filter((v): v is number => v !== null);
      if (values.length === 0) return [];
      const value = gas === 'o2' ? Math.min(...values) : Math.max(...values);
      return [`${GAS_LABELS[gas]} ${gas === 'o2' ? '最低' : '最高'} ${value} ${GAS_UNITS[gas]}`];
    });
    if (worst.length > 0) parts.push(`证据时段内${worst.join('，')}。`);
  }
  const count = readings.length;
  const span = `${chinaTime(file.from)} 至 ${chinaTime(file.to)}`;
  parts.push(
    count === 0
      ? `证据时段 ${span} 内无原始读数（设备未上报，或已过原始数据保留期）；`
      : `证据：${count} 条读数（${span}${file.truncated ? `，只收前 ${count} 条` : ''}），`,
    `文件 ${file.name}，SHA-256 ${file.sha256}。时间均为北京时间。`,
  );
  return parts.join('');
}
