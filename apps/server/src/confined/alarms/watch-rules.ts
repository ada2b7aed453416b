/**
 * Timer rules for confined-space work, evaluated by a periodic sweep (DESIGN §6: detector silent
 * while a permit is active, overtime, low battery, escalation). Pure: `now` is always a parameter.
 *
 * Where a time cannot be read (an invalid Date), each rule errs towards alarming: a sweep that
 * cannot prove a detector spoke or an alarm is fresh must not stay quiet about it.
 */

export const DETECTOR_SILENCE_MS = 30_000; // issue requirement
export const LOW_BATTERY_PERCENT = 20; // platform choice
export const ESCALATION_AFTER_MS = 2 * 60_000; // issue requirement: unacknowledged 2 min → next level
/** Level 0 = enterprise safety officer, 1 = street officer; nobody above the street officer is paged. */
export const MAX_ESCALATION_LEVEL = 1;

export interface ActivePermitView {
  permitId: string;
  /** When the permit became active: the silence clock of a detector that never reported starts here. */
  activatedAt: Date;
  windowEnd: Date;
  detectorIds: readonly string[];
  status: 'active' | 'suspended';
}

const timeOf = (date: Date | undefined): number | null => {
  const ms = date instanceof Date ? date.getTime() : NaN;
  return Number.isFinite(ms) ? ms : null;
};

/**
 * Detectors that have not reported for DETECTOR_SILENCE_MS while their permit is active or
 * suspended. Suspended permits are watched too: a permit is suspended because the gas went over a
 * limit, people may still be climbing out, and that is the worst moment to lose sight of the air.
 *
 * `lastReadingAt` should hold when the platform received each detector's last reading, not the
 * device's own timestamp: a detector clock running ahead would otherwise hide its silence.
 * `silentSince` is that last reading's time, even if it was before activation (the pre-entry test);
 * null when the platform has never had one.
 */
export function silentDetectors(
  permits: readonly ActivePermitView[],
  lastReadingAt: ReadonlyMap<string, Date>,
  now: Date,
): { permitId: string; deviceId: string; silentSince: Date | null }[] {
  const nowMs = timeOf(now);
  const silent: { permitId: string; deviceId: string; silentSince: Date | null }[] = [];
  for (const permit of permits) {
    const activated = timeOf(permit.activatedAt);
    for (const deviceId of new Set(permit.detectorIds)) {
      const last = timeOf(lastReadingAt.get(deviceId));
      // Heard from since activation → the clock runs from that reading; otherwise from activation.
      const candidates = [last, activated].filter((t): t is number => t !== null);
      const since = candidates.length > 0 ? Math.max(...candidates) : null;
      if (since === null || nowMs === null || nowMs - since >= DETECTOR_SILENCE_MS) {
        silent.push({
          permitId: permit.permitId,
          deviceId,
          silentSince: last === null ? null : new Date(last),
        });
      }
    }
  }
  return silent;
}

/**
 * Permits still open after their window ended, by how many milliseconds. A suspended permit past its
 * window counts too: suspension does not prove everyone is out, and it must be closed either way.
 */
export function overtimePermits(
  permits: readonly ActivePermitView[],
  now: Date,
): { permitId: string; overBy: number }[] {
  const nowMs = timeOf(now);
  const over: { permitId: string; overBy: number }[] = [];
  for (const permit of permits) {
    const end = timeOf(permit.windowEnd);
    if (end === null || nowMs === null) {
      over.push({ permitId: permit.permitId, overBy: 0 });
    } else if (nowMs > end) {
      over.push({ permitId: permit.permitId, overBy: nowMs - end });
    }
  }
  return over;
}

/**
 * At or below LOW_BATTERY_PERCENT. An unknown level (null, or not a number) is not "low": a detector
 * that stops reporting is caught by the silence rule instead.
 */
export function batteryLow(battery: number | null): boolean {
  return typeof battery === 'number' && Number.isFinite(battery) && battery <= LOW_BATTERY_PERCENT;
}

/**
 * An alarm still unacknowledged ESCALATION_AFTER_MS after it was raised (or after its last
 * escalation) goes one level up, until MAX_ESCALATION_LEVEL. Acknowledging stops the clock.
 */
export function escalationDue(
  alarm: {
    status: 'raised' | 'acknowledged' | 'resolved';
    raisedAt: Date;
    escalationLevel: number;
    escalatedAt: Date | null;
  },
  now: Date,
): boolean {
  if (alarm.status !== 'raised') return false;
  if (alarm.escalationLevel >= MAX_ESCALATION_LEVEL) return false;
  const since = alarm.escalatedAt === null ? timeOf(alarm.raisedAt) : timeOf(alarm.escalatedAt);
  const nowMs = timeOf(now);
  if (since === null || nowMs === null) return true;
  return nowMs - since >= ESCALATION_AFTER_MS;
}
