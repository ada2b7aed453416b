import { resolve } from 'node:path';

/**
 * Process configuration, read once from the environment at start-up.
 * Every problem is collected before failing so an operator fixes them all in one go.
 */
export type ProcessRole = 'web' | 'ingest' | 'worker';
export type DemoCitySize = 'full' | 'small' | 'none';

export interface AppConfig {
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Unset means embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Connections to PostgreSQL per process (PGlite always has one). */
  databasePoolSize: number;
  /** PostgreSQL schema holding SafeGrid's tables; tests use their own to never collide. */
  databaseSchema: string;
  dataDir: string;
  /** Unset means an embedded Aedes broker on mqttPort. */
  mqttUrl: string | undefined;
  mqttPort: number;
  mqttHost: string;
  /** Topic prefix in front of the §5 contract topics; empty in production. */
  mqttShareGroup: string | undefined;
  /** Stable client id for a persistent broker session (external broker); unset = a fresh session per start. */
  mqttClientId: string | undefined;
  mqttSessionExpirySeconds: number;
  roles: ReadonlySet<ProcessRole>;
  demoCity: DemoCitySize;
  demoSeed: number;
  webDistDir: string;
  importMaxBytes: number;
  importMaxRows: number;
  /** Calls per minute per client address to each sign-in/registration endpoint. */
  authRateLimitPerMinute: number;
  /** Behind a reverse proxy: take the client address and https from X-Forwarded-* headers. */
  trustProxy: boolean;
  /**
   * Where the public reaches the web app (https://safegrid.example.gov.cn): printed documents carry
   * an absolute verification link and QR code only when this is set; otherwise a path.
   */
  publicBaseUrl: string | undefined;
  /** Ed25519 private key (PKCS#8 PEM) that signs unlock tokens; created on first start if absent. */
  unlockSigningKeyFile: string;
  /** Gas readings outside any permit stay raw this long, then survive as one-minute rollups. */
  telemetryRawDays: number;
  /** Readings of a permit's life stay raw this long after the permit ended. */
  telemetryPermitRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ROLES = ['web', 'ingest', 'worker'] as const;
const DEMO_SIZES = ['full', 'small', 'none'] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)} must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const roles = new Set<ProcessRole>();
  for (const r of (env.SAFEGRID_ROLES ?? ROLES.join(',')).split(',').map((s) => s.trim())) {
    if ((ROLES as readonly string[]).includes(r)) roles.add(r as ProcessRole);
    else problems.push(`SAFEGRID_ROLES contains ${JSON.stringify(r)}; allowed: ${ROLES.join(', ')}`);
  }

  const schema = env.DATABASE_SCHEMA ?? 'safegrid';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    problems.push(`DATABASE_SCHEMA=${JSON.stringify(schema)} must be a lower-case SQL identifier`);
  }

  const config: AppConfig = {
    host: env.HOST ?? '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseSchema: schema,
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir: resolve(cwd, env.SAFEGRID_DATA_DIR ?? 'var'),
    mqttUrl: url('MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    mqttPort: int('MQTT_PORT', 1884, 0, 65535),
    mqttHost: env.MQTT_HOST ?? '127.0.0.1',
    mqttShareGroup: env.MQTT_SHARE_GROUP || undefined,
    mqttClientId: env.MQTT_CLIENT_ID || undefined,
    mqttSessionExpirySeconds: int('MQTT_SESSION_EXPIRY_SECONDS', 3600, 1, 7 * 86_400),
    roles,
    demoCity: oneOf('DEMO_CITY', DEMO_SIZES, 'full'),
    demoSeed: int('DEMO_SEED', 20261130, 0, 2 ** 31 - 1),
    webDistDir: resolve(cwd, env.SAFEGRID_WEB_DIST ?? 'apps/web/dist'),
    importMaxBytes: int('IMPORT_MAX_BYTES', 20 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    importMaxRows: int('IMPORT_MAX_ROWS', 50_000, 1, 500_000),
    authRateLimitPerMinute: int('AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 10_000),
    trustProxy: oneOf('TRUST_PROXY', ['true', 'false'] as const, 'false') === 'true',
    publicBaseUrl: url('PUBLIC_BASE_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    telemetryRawDays: int('TELEMETRY_RAW_DAYS', 7, 1, 3650),
    telemetryPermitRetentionDays: int('TELEMETRY_PERMIT_RETENTION_DAYS', 365, 1, 36500),
    unlockSigningKeyFile: resolve(
      cwd,
      env.UNLOCK_SIGNING_KEY_FILE ?? resolve(cwd, env.SAFEGRID_DATA_DIR ?? 'var', 'unlock-signing-key.pem'),
    ),
  };
  if (config.mqttClientId && !/^[A-Za-z0-9_-]{1,64}$/.test(config.mqttClientId)) {
    problems.push('MQTT_CLIENT_ID may only contain letters, digits, _ and - (at most 64)');
  }
  if (config.mqttShareGroup && !/^[A-Za-z0-9_-]+$/.test(config.mqttShareGroup)) {
    problems.push('MQTT_SHARE_GROUP may only contain letters, digits, _ and -');
  }
  if (config.publicBaseUrl && URL.canParse(config.publicBaseUrl)) {
    const base = new URL(config.publicBaseUrl);
    // A query or fragment would end up in the middle of every printed link.
    if (base.search || base.hash) problems.push('PUBLIC_BASE_URL must not contain a query or fragment');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
