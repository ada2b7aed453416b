export interface PeriodicJob {
  /** Runs now (or joins the run in progress). */
  runNow(): Promise<void>;
  /** Stops the timers and waits for a run in progress to end. */
  stop(): Promise<void>;
}

/**
 * A worker's periodic job: first after `firstDelayMs` (not during start-up), then every
 * `intervalMs`, never two runs at once in this process. Errors go to `onError` and the next run
 * tries again. The jobs are written to be safe when several workers run them (set-based and
 * idempotent), so nothing here needs to coordinate processes.
 */
export function startPeriodic(
  task: () => Promise<unknown>,
  options: { firstDelayMs: number; intervalMs: number; onError?: (error: unknown) => void },
): PeriodicJob {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= (async () => {
      try {
        await task();
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const first = setTimeout(run, options.firstDelayMs);
  const timer = setInterval(run, options.intervalMs);
  first.unref();
  timer.unref();
  return {
    runNow: run,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
