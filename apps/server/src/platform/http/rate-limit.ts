/**
 * Fixed-window counter per key, in process memory. Enough for one instance; several instances
 * each allow the limit, which for sign-in still leaves the per-username lockout (in the database)
 * as the real brute-force brake.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; clock?: () => number }) {
  const clock = options.clock ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key: string): { allowed: boolean; retryAfterSeconds: number } {
      const now = clock();
      let w = windows.get(key);
      if (!w || now - w.start >= options.windowMs) {
        // Drop stale windows now and then so an address sweep cannot grow the map without bound.
        if (windows.size > 10_000) {
          for (const [k, v] of windows) if (now - v.start >= options.windowMs) windows.delete(k);
        }
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000));
      return { allowed: w.count <= options.limit, retryAfterSeconds };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
