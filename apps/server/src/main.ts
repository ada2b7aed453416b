import { ConfigError, loadConfig } from './config';
import { buildApp } from './app';
import { openDatabase } from './platform/db/database';
import { DataDirError } from './platform/db/data-dir-guard';
import { startMqtt } from './platform/mqtt/connection';
import { startAuditSealer } from './platform/audit/audit-trail';
import { createDeviceRepository } from './confined/devices/device.repository';
import { startTelemetryIngest } from './confined/devices/telemetry-ingest';
import type { HealthCheck } from './platform/http/health';
import { seedIndustries } from './grid/industries/seed-industries';
import { startGradingWorker } from './profile/grades/grading-worker';
import { createGradingModels } from './profile/models/grading-models';
import pg from 'pg';
import { createLiveFeed, liveChannel } from './confined/live/live-feed';
import { startLiveRelay } from './confined/live/live-relay';
import { loadGasLimits } from './confined/alarms/gas-limits';
import { loadOrCreateSigningKey } from './confined/locks/signing-key';
import { startConfinedMonitor } from './confined/monitor/confined-monitor';
import { startTelemetryRetention } from './confined/devices/telemetry-retention';
import { startDispatchOverdueSweep } from './grid/dispatch/dispatch-overdue';
import { startHazardSweep } from './grid/hazards/hazard-sweep';
import { startMonthlyPlanning } from './grid/patrols/monthly-planning';
import { createPatrolRepository } from './grid/patrols/patrol.repository';
import { loadPatrolFrequency } from './grid/patrols/patrol-frequency';

/** Process entry: config → database → broker → ingest → HTTP, and the reverse on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  let database;
  try {
    database = await openDatabase(config);
  } catch (error) {
    if (error instanceof DataDirError) {
      console.error(`SafeGrid cannot start: ${error.message}`);
      process.exit(75); // EX_TEMPFAIL
    }
    throw error;
  }

  // GB/T 4754 is reference data every mode needs (the registry validates against it).
  await seedIndustries(database.db);

  const healthChecks: HealthCheck[] = [];
  const closers: (() => Promise<void>)[] = [() => database.close()];

  const devices = createDeviceRepository(database.db);
  const mqtt = await startMqtt(config, { deviceCredentials: (id) => devices.secretHashOf(id) });
  healthChecks.push(mqtt.health);
  closers.unshift(() => mqtt.close());

  // Bad limits or an unreadable key stop the start: a monitor judging by wrong numbers is worse than none.
  const confined = {
    // On PostgreSQL every alarm and permit change is also announced (NOTIFY) to the other processes.
    feed: createLiveFeed(database.mode === 'postgres' ? { channel: liveChannel(database.schema) } : {}),
    limits: loadGasLimits(),
    signingKey: loadOrCreateSigningKey(config.unlockSigningKeyFile),
  };
  // …and heard (LISTEN) by every process with SSE clients or a monitor, whichever process made it.
  const databaseUrl = config.databaseUrl;
  if (
    database.mode === 'postgres' &&
    databaseUrl &&
    (config.roles.has('web') || config.roles.has('ingest'))
  ) {
    const relay = startLiveRelay({
      db: database.db,
      feed: confined.feed,
      connect: () => new pg.Client({ connectionString: databaseUrl }),
      onError: (error, what) => console.error(`confined live relay: ${what} failed:`, error),
    });
    await relay.ready;
    healthChecks.push(relay.health);
    // After the HTTP server and the monitor, before the database closes.
    closers.splice(closers.length - 1, 0, () => relay.stop());
  }
  if (config.roles.has('ingest')) {
    const monitor = startConfinedMonitor({
      db: database.db,
      feed: confined.feed,
      limits: confined.limits,
      onError: (error, what) => console.error(`confined monitor: ${what} failed:`, error),
    });
    await monitor.ready;
    healthChecks.push(monitor.health);
    const ingest = startTelemetryIngest({
      client: mqtt.client,
      db: database.db,
      shareGroup: config.mqttShareGroup,
      persistentSession: mqtt.persistentSession,
      earlyMessages: () => mqtt.takeEarlyMessages(),
      listeners: {
        telemetry: monitor.onTelemetry,
        event: (message, receivedAt) => void monitor.onLockEvent(message, receivedAt),
        status: monitor.onStatus,
      },
    });
    // Ingest stops first (no new messages), then the monitor finishes what it was given.
    closers.unshift(() => monitor.stop());
    healthChecks.push(ingest.health);
    closers.unshift(() => ingest.stop());
  }

  const app = await buildApp({ config, database, healthChecks, confined });
  closers.unshift(() => app.close());

  // Chains audit entries a moment after their transactions end; several processes take turns.
  if (config.roles.has('web') || config.roles.has('worker')) {
    const sealer = startAuditSealer(database.db, {
      onError: (error) => app.log.error({ err: error }, 'audit sealing failed'),
    });
    // After the HTTP server (the last writes are sealed), before the database closes.
    closers.splice(closers.length - 1, 0, () => sealer.stop());
  }
  if (config.roles.has('worker')) {
    const retention = startTelemetryRetention(
      database.db,
      { rawDays: config.telemetryRawDays, permitRetentionDays: config.telemetryPermitRetentionDays },
      { onError: (error) => app.log.error({ err: error }, 'telemetry retention failed') },
    );
    closers.splice(closers.length - 1, 0, () => retention.stop());
    // 督办 items for overdue dispatch steps: set-based and once per step, so several workers may run it.
    const dispatchSweep = startDispatchOverdueSweep(database.db, {
      onError: (error) => app.log.error({ err: error }, 'dispatch overdue sweep failed'),
    });
    closers.splice(closers.length - 1, 0, () => dispatchSweep.stop());
    // Overdue hazards are escalated by the worker; deadlines are days, so an hourly look suffices.
    const hazardSweep = startHazardSweep(database.db, {
      onError: (error) => app.log.error({ err: error }, 'hazard overdue sweep failed'),
    });
    closers.splice(closers.length - 1, 0, () => hazardSweep.stop());
    // A new month's patrol tasks are planned by the worker when nobody has planned them yet.
    const planning = startMonthlyPlanning(
      database.db,
      { patrols: createPatrolRepository(database.db), frequency: loadPatrolFrequency() },
      { onError: (error) => app.log.error({ err: error }, 'monthly patrol planning failed') },
    );
    closers.splice(closers.length - 1, 0, () => planning.stop());
    // Grades follow their inputs within seconds (a queue the database fills) and time daily.
    const grading = startGradingWorker(
      database.db,
      { models: createGradingModels(database.db) },
      { onError: (error) => app.log.error({ err: error }, 'grade recomputation failed') },
    );
    closers.splice(closers.length - 1, 0, () => grading.stop());
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        app.log.error({ err: error }, 'error while shutting down');
      }
    }
    clearTimeout(timer);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.roles.has('web')) {
    const address = await app.listen({ host: config.host, port: config.port });
    app.log.info(
      { address, database: database.mode, mqtt: mqtt.describe() },
      `SafeGrid is ready at ${address}`,
    );
    console.log(`\n  SafeGrid 安全网格监管平台  →  ${address}\n  API docs → ${address}/api/docs\n`);
  }
}

main().catch((error: unknown) => {
  console.error('SafeGrid failed to start:', error);
  process.exit(1);
});
