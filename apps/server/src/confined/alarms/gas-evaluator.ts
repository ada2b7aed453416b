import {
  GAS_RULE_IDS,
  GAS_RULE_SHAPES,
  exceeds,
  withinClearAt,
  type GasLimits,
  type GasRule,
  type GasRuleId,
} from './gas-limits';

/**
 * Stateful, in-memory gas alarm evaluation per detector (DESIGN §6: alarms are evaluated as messages
 * arrive, before the write). No I/O and no clock: all time is the readings' measuredAt.
 *
 * Readings arrive late, out of order and duplicated (QoS 1). The evaluator therefore never assumes
 * order: a rule is open from a raise until a clear; an over-limit reading raises whenever its rule is
 * not open, even if it is older than what was already seen, because a real past excursion must reach
 * the alarm log (with its own time) rather than be dropped as stale; a clear needs a reading newer
 * than the newest over-limit one, so a late good reading cannot close an alarm that later readings
 * justify.
 */

export interface GasReading {
  deviceId: string;
  seq: number;
  measuredAt: Date;
  o2: number | null;
  h2s: number | null;
  co: number | null;
  lel: number | null;
}

export type GasAlarmSignal =
  | {
      type: 'raise';
      deviceId: string;
      rule: GasRuleId;
      value: number;
      limit: number;
      occurredAt: Date;
      seq: number;
    }
  | { type: 'clear'; deviceId: string; rule: GasRuleId; value: number; occurredAt: Date; seq: number };

export interface GasEvaluator {
  evaluate(r: GasReading): GasAlarmSignal[];
  forget(deviceId: string): void;
  /** After a restart: the rules whose alarms are still open in the database. Replaces the open set. */
  restore(deviceId: string, openRules: readonly GasRuleId[]): void;
  openRules(deviceId: string): GasRuleId[];
  /** For tests and ops dashboards: what one device costs. */
  memoryUse(deviceId: string): { buckets: number; seqs: number };
}

const MINUTE_MS = 60_000;
const STEL_MINUTES = GAS_RULE_SHAPES.co_stel.windowMinutes as number;
const TWA_MINUTES = GAS_RULE_SHAPES.co_twa.windowMinutes as number;

/**
 * The 8-hour average is judged as the mean over the minutes actually monitored in the last 8 hours,
 * not over all 480: the true PC-TWA divides the whole shift's exposure by 8 h, so as long as people
 * are exposed only while a detector watches, this mean is never below it. It is an early warning —
 * "at this level the shift's TWA would be exceeded" — not a finding that it was. Before 15 monitored
 * minutes such a mean is a handful of readings, and the 15-minute STEL rule (a higher figure over
 * the same span) already governs short exposure, so co_twa is not judged until then.
 */
export const TWA_MIN_MONITORED_MINUTES = STEL_MINUTES;

/**
 * Duplicates are recognised among this many most recent readings per device. QoS 1 redeliveries
 * come within seconds; a duplicate older than this is evaluated again, which at worst re-raises a
 * past excursion or counts one reading twice in an average — both err towards alarming.
 */
export const SEQ_MEMORY = 2048;

interface Bucket {
  sum: number;
  count: number;
}

interface DeviceState {
  open: Set<GasRuleId>;
  /** measuredAt (ms) of the newest reading that was over the limit, per rule. */
  newestOverAt: Map<GasRuleId, number>;
  /** Insertion-ordered, so the oldest key is evicted first. */
  seen: Set<string>;
  /** CO per minute of measuredAt (minute index since the epoch), at most TWA_MINUTES + 1 of them. */
  co: Map<number, Bucket>;
  newestCoMinute: number;
}

const newState = (): DeviceState => ({
  open: new Set(),
  newestOverAt: new Map(),
  seen: new Set(),
  co: new Map(),
  newestCoMinute: -Infinity,
});

/** A present, usable number; NaN and ±Infinity are excluded upstream, and here they count as absent. */
const usable = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

export function createGasEvaluator(opts: { limitsFor: (deviceId: string) => GasLimits }): GasEvaluator {
  const devices = new Map<string, DeviceState>();

  const stateOf = (deviceId: string): DeviceState => {
    let state = devices.get(deviceId);
    if (!state) {
      state = newState();
      devices.set(deviceId, state);
    }
    return state;
  };

  function judge(
    state: DeviceState,
    rule: GasRule,
    value: number,
    r: GasReading,
    at: number,
    out: GasAlarmSignal[],
  ): void {
    if (exceeds(rule, value)) {
      state.newestOverAt.set(rule.id, Math.max(state.newestOverAt.get(rule.id) ?? -Infinity, at));
      if (state.open.has(rule.id)) return;
      state.open.add(rule.id);
      out.push({
        type: 'raise',
        deviceId: r.deviceId,
        rule: rule.id,
        value,
        limit: rule.value,
        occurredAt: new Date(at),
        seq: r.seq,
      });
      return;
    }
    if (!state.open.has(rule.id)) return;
    if (at <= (state.newestOverAt.get(rule.id) ?? -Infinity)) return;
    if (!withinClearAt(rule, value)) return;
    state.open.delete(rule.id);
    out.push({
      type: 'clear',
      deviceId: r.deviceId,
      rule: rule.id,
      value,
      occurredAt: new Date(at),
      seq: r.seq,
    });
  }

  return {
    evaluate(r) {
      const at = r.measuredAt instanceof Date ? r.measuredAt.getTime() : NaN;
      // A reading that cannot be placed in time cannot be ordered or averaged; the device contract
      // never produces one, so this only keeps evaluate total.
      if (!Number.isFinite(at)) return [];
      const state = stateOf(r.deviceId);

      // A duplicate is the same seq with the same time. A seq seen again with another time is a
      // detector that restarted its counter, and its readings must not be swallowed as repeats.
      const key = `${r.seq}@${at}`;
      if (state.seen.has(key)) return [];
      state.seen.add(key);
      if (state.seen.size > SEQ_MEMORY) {
        const oldest = state.seen.values().next().value;
        if (oldest !== undefined) state.seen.delete(oldest);
      }

      const limits = opts.limitsFor(r.deviceId);
      const out: GasAlarmSignal[] = [];
      const co = usable(r.co) ? r.co : null;
      const averages = co === null ? null : addCoReading(state, at, co);

      for (const id of GAS_RULE_IDS) {
        const rule = limits[id];
        const window = GAS_RULE_SHAPES[id].windowMinutes;
        if (window === null) {
          const value = r[rule.gas];
          if (usable(value)) judge(state, rule, value, r, at, out);
          continue;
        }
        if (averages === null) continue;
        const avg = id === 'co_stel' ? averages.stel : averages.twa;
        if (avg !== null) judge(state, rule, avg, r, at, out);
      }
      return out;
    },

    forget(deviceId) {
      devices.delete(deviceId);
    },

    restore(deviceId, openRules) {
      const state = stateOf(deviceId);
      state.open = new Set(openRules.filter((id) => (GAS_RULE_IDS as readonly string[]).includes(id)));
      // What was over and when is unknown after a restart, so the next good reading may clear.
      state.newestOverAt.clear();
    },

    openRules(deviceId) {
      const state = devices.get(deviceId);
      return state ? GAS_RULE_IDS.filter((id) => state.open.has(id)) : [];
    },

    memoryUse(deviceId) {
      const state = devices.get(deviceId);
      return { buckets: state?.co.size ?? 0, seqs: state?.seen.size ?? 0 };
    },
  };
}

/**
 * Adds a CO reading to its minute bucket and returns the STEL and TWA averages judged at its time,
 * over the buckets of the minutes (m − window, m] — the per-minute form of [t − window, t]. Each
 * minute weighs the same whatever the number of readings in it, which is what makes the mean
 * time-weighted when a detector's rate varies. Buckets after m (later readings, when this one is
 * late) are not part of its window.
 *
 * A reading older than the newest one by 8 h or more is outside every window the device can still
 * be judged on; it is not bucketed and the averages are not judged for it (its instantaneous rules
 * still are). null = not judged; the TWA also needs TWA_MIN_MONITORED_MINUTES of data.
 */
function addCoReading(
  state: DeviceState,
  at: number,
  co: number,
): { stel: number | null; twa: number | null } | null {
  const minute = Math.floor(at / MINUTE_MS);
  if (minute <= state.newestCoMinute - TWA_MINUTES) return null;

  const bucket = state.co.get(minute);
  if (bucket) {
    bucket.sum += co;
    bucket.count += 1;
  } else {
    state.co.set(minute, { sum: co, count: 1 });
  }
  if (minute > state.newestCoMinute) {
    state.newestCoMinute = minute;
    const horizon = minute - TWA_MINUTES;
    for (const m of state.co.keys()) if (m <= horizon) state.co.delete(m);
  }

  let stelSum = 0;
  let stelMinutes = 0;
  let twaSum = 0;
  let twaMinutes = 0;
  for (const [m, b] of state.co) {
    if (m > minute || m <= minute - TWA_MINUTES) continue;
    const mean = b.sum / b.count;
    twaSum += mean;
    twaMinutes += 1;
    if (m > minute - STEL_MINUTES) {
      stelSum += mean;
      stelMinutes += 1;
    }
  }
  // Over the monitored minutes only, for the same reason as the TWA (see TWA_MIN_MONITORED_MINUTES):
  // a detector switched on into 100 ppm of CO must not wait a quarter of an hour to say so.
  const stel = stelMinutes > 0 ? stelSum / stelMinutes : null;
  const twa = twaMinutes >= TWA_MIN_MONITORED_MINUTES ? twaSum / twaMinutes : null;
  return { stel, twa };
}
