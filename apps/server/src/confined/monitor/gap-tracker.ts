/**
 * Sequence gaps per device, judged with patience: QoS 1 and reconnects reorder messages, so a
 * skipped seq is only a gap if it is still missing `graceMs` later. Pure (time is a parameter);
 * memory is bounded by the number of open gaps, not by the readings.
 */
export interface GapRange {
  deviceId: string;
  fromSeq: number;
  toSeq: number;
}

interface Pending {
  from: number;
  to: number;
  seenAt: number;
}

/** A device that skips more than this in one step restarted its counter: no gap is recorded. */
const MAX_GAP = 1_000_000;
/** Bound per device; beyond it the oldest pending gaps are reported early rather than forgotten. */
const MAX_PENDING = 256;

export function createGapTracker(graceMs: number) {
  const last = new Map<string, number>();
  const pending = new Map<string, Pending[]>();
  const early: GapRange[] = [];

  return {
    /** The highest seq known from before this process (the database), so a restart is not a blind spot. */
    seed(deviceId: string, seq: number) {
      if (!last.has(deviceId)) last.set(deviceId, seq);
    },

    observe(deviceId: string, seq: number, now: number) {
      const previous = last.get(deviceId);
      if (previous === undefined) {
        last.set(deviceId, seq);
        return;
      }
      if (seq > previous) {
        if (seq > previous + 1 && seq - previous <= MAX_GAP) {
          const list = pending.get(deviceId) ?? [];
          list.push({ from: previous + 1, to: seq - 1, seenAt: now });
          if (list.length > MAX_PENDING) {
            const oldest = list.shift()!;
            early.push({ deviceId, fromSeq: oldest.from, toSeq: oldest.to });
          }
          pending.set(deviceId, list);
        }
        last.set(deviceId, seq);
        return;
      }
      // A late arrival: it fills (part of) a pending gap.
      const list = pending.get(deviceId);
      if (!list) return;
      const i = list.findIndex((g) => g.from <= seq && seq <= g.to);
      if (i < 0) return;
      const gap = list[i]!;
      const parts: Pending[] = [];
      if (gap.from < seq) parts.push({ from: gap.from, to: seq - 1, seenAt: gap.seenAt });
      if (seq < gap.to) parts.push({ from: seq + 1, to: gap.to, seenAt: gap.seenAt });
      list.splice(i, 1, ...parts);
      if (list.length === 0) pending.delete(deviceId);
    },

    /** Gaps that stayed open for the grace period: these readings the device never delivered. */
    matured(now: number): GapRange[] {
      const out = early.splice(0);
      for (const [deviceId, list] of pending) {
        const keep = list.filter((g) => {
          if (now - g.seenAt < graceMs) return true;
          out.push({ deviceId, fromSeq: g.from, toSeq: g.to });
          return false;
        });
        if (keep.length === 0) pending.delete(deviceId);
        else pending.set(deviceId, keep);
      }
      return out;
    },

    /** Written back when a write failed, so the next sweep tries again. */
    requeue(gaps: readonly GapRange[]) {
      early.push(...gaps);
    },
  };
}
