import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import {
  Aedes,
  type AuthenticateError,
  type AuthorizePublishHandler,
  type Client as BrokerClient,
} from 'aedes';
import { connect, connectAsync, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { AppConfig } from '../../config';
import type { ComponentStatus, HealthCheck } from '../http/health';
import { DEVICE_ID_PATTERN, TOPIC_ROOT } from './device-contract';
import { deviceSecretMatches, type DeviceCredentialLookup } from './device-credentials';

export interface MqttRuntime {
  client: MqttClient;
  health: HealthCheck;
  /** Where the broker is, for logs: never contains credentials. */
  describe(): string;
  /** The port the embedded broker actually bound (useful with port 0); undefined for an external broker. */
  brokerPort: number | undefined;
  /**
   * The broker keeps this process's subscriptions and queues its messages while it is away (a
   * restart): ingest must then not unsubscribe when it stops.
   */
  persistentSession: boolean;
  /**
   * Messages that arrived before anyone listened (a persistent session's queue is delivered the
   * moment it reconnects, before ingest has subscribed its handler). Taking them stops the holding.
   */
  takeEarlyMessages(): EarlyMessage[];
  /** Another client with the server's own broker identity (a second ingest, a worker). */
  connectServiceClient(): Promise<MqttClient>;
  close(): Promise<void>;
}

export type EarlyMessage = [topic: string, payload: Buffer, packet: IPublishPacket];

/** Bound on messages held before ingest starts (about a second of a busy city's readings). */
const EARLY_MESSAGE_LIMIT = 200_000;

export interface StartMqttOptions {
  /**
   * How long start-up waits for the first connection to an external broker. After that the
   * process starts anyway and keeps reconnecting, with health 'down' until the broker answers:
   * a broker restart must not take the HTTP API down with it.
   */
  firstConnectTimeoutMs?: number;
  /** Delay between reconnection attempts. */
  reconnectPeriodMs?: number;
  /**
   * The embedded broker admits a device only with its own credentials (id as username, issued
   * secret as password). With an external broker, the broker does this itself.
   */
  deviceCredentials: DeviceCredentialLookup;
}

export type MqttConfig = Pick<AppConfig, 'mqttUrl' | 'mqttPort' | 'mqttHost'> &
  Partial<Pick<AppConfig, 'mqttClientId' | 'mqttSessionExpirySeconds'>>;

export async function startMqtt(config: MqttConfig, options: StartMqttOptions): Promise<MqttRuntime> {
  return config.mqttUrl ? connectExternal(config.mqttUrl, config, options) : startEmbedded(config, options);
}

/** The server's own client id; unique per process so that two processes never kick each other off. */
const serverClientId = () => `safegrid-${randomUUID().slice(0, 12)}`;

function trackConnection(client: MqttClient) {
  let lastError: string | undefined;
  let lastConnectedAt: string | undefined;
  let reconnects = 0;
  client.on('connect', () => {
    lastConnectedAt = new Date().toISOString();
  });
  client.on('reconnect', () => {
    reconnects += 1;
  });
  // Without a listener an 'error' event would crash the process; the client reconnects by itself.
  client.on('error', (error) => {
    lastError = error.message;
  });
  return {
    status(): ComponentStatus['status'] {
      return client.connected ? 'up' : 'down';
    },
    detail(): Record<string, unknown> {
      return {
        connected: client.connected,
        reconnects,
        ...(lastConnectedAt ? { lastConnectedAt } : {}),
        ...(lastError ? { lastError } : {}),
      };
    },
  };
}

function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(invalid MQTT URL)';
  }
}

function waitForFirstConnect(client: MqttClient, timeoutMs: number): Promise<void> {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('connect', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    client.on('connect', done);
  });
}

async function connectExternal(
  url: string,
  config: MqttConfig,
  options: StartMqttOptions,
): Promise<MqttRuntime> {
  // With a stable client id the session outlives the process: readings published during a restart
  // wait in the broker (up to its max_queued_messages) instead of being lost.
  const persistent = Boolean(config.mqttClientId);
  const client = connect(url, {
    // MQTT 5 for shared subscriptions ($share/…), which spread device topics over ingest processes.
    protocolVersion: 5,
    clientId: config.mqttClientId ?? serverClientId(),
    clean: !persistent,
    ...(persistent && { properties: { sessionExpiryInterval: config.mqttSessionExpirySeconds ?? 3600 } }),
    reconnectPeriod: options.reconnectPeriodMs ?? 2000,
    connectTimeout: 10_000,
  });
  // mqtt.js acknowledges a QoS 1 message whether or not anyone listens: hold them until ingest does.
  let early: EarlyMessage[] = [];
  const hold = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    if (early.length < EARLY_MESSAGE_LIMIT) early.push([topic, payload, packet]);
  };
  if (persistent) client.on('message', hold);
  const tracker = trackConnection(client);
  await waitForFirstConnect(client, options.firstConnectTimeoutMs ?? 10_000);
  const where = redactUrl(url);
  return {
    client,
    persistentSession: persistent,
    takeEarlyMessages() {
      client.off('message', hold);
      const taken = early;
      early = [];
      return taken;
    },
    brokerPort: undefined,
    connectServiceClient: () =>
      connectAsync(url, { protocolVersion: 5, clientId: serverClientId(), reconnectPeriod: 0 }),
    describe: () => `external broker ${where}`,
    health: {
      name: 'mqtt',
      check: () => ({
        status: tracker.status(),
        detail: { mode: 'external', broker: where, ...tracker.detail() },
      }),
    },
    async close() {
      await client.endAsync();
    },
  };
}

/**
 * Device ids are also MQTT usernames: a client that logs in as a device may publish only under
 * `sg/v1/dev/{its own id}/`, so a detector cannot forge another detector's readings (it has
 * proved it is that device at CONNECT: see createBrokerAuthenticator).
 */
export function createDevicePublishPolicy(usernameOf: (client: BrokerClient) => string | undefined) {
  const authorizePublish: AuthorizePublishHandler = (client, packet, callback) => {
    if (packet.topic.startsWith('$SYS/')) return callback(new Error('$SYS/ topic is reserved'));
    const username = client ? usernameOf(client) : undefined;
    if (username !== undefined && username !== SERVER_MQTT_USERNAME && DEVICE_ID_PATTERN.test(username)) {
      if (!packet.topic.startsWith(`${TOPIC_ROOT}/${username}/`)) {
        return callback(new Error(`device ${username} may only publish under its own topics`));
      }
    }
    callback(null);
  };
  return authorizePublish;
}

/** The embedded broker's own service account: one random password per process, never stored. */
export const SERVER_MQTT_USERNAME = 'safegrid-server';

/**
 * CONNECT check of the embedded broker: the server's own client with this process's password,
 * or a registered device with its own secret. Everyone else — anonymous clients included — is
 * refused with "bad user name or password" (return code 4).
 */
export function createBrokerAuthenticator(
  serverPassword: string,
  deviceCredentials: DeviceCredentialLookup,
  remember: (client: BrokerClient, username: string) => void,
) {
  return (
    client: BrokerClient,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ) => {
    const refuse = () =>
      done(Object.assign(new Error('bad user name or password'), { returnCode: 4 as const }), false);
    if (username === SERVER_MQTT_USERNAME) {
      if (password?.toString('utf8') !== serverPassword) return refuse();
      remember(client, username);
      return done(null, true);
    }
    if (username === undefined || !DEVICE_ID_PATTERN.test(username)) return refuse();
    deviceCredentials(username).then(
      (hash) => {
        if (!deviceSecretMatches(hash, password)) return refuse();
        remember(client, username);
        done(null, true);
      },
      () => refuse(),
    );
  };
}

async function startEmbedded(config: MqttConfig, options: StartMqttOptions): Promise<MqttRuntime> {
  const usernames = new WeakMap<BrokerClient, string>();
  const serverPassword = randomUUID();
  const broker = await Aedes.createBroker({
    authenticate: createBrokerAuthenticator(serverPassword, options.deviceCredentials, (client, name) =>
      usernames.set(client, name),
    ),
    authorizePublish: createDevicePublishPolicy((client) => usernames.get(client)),
  });
  // A broken device connection must not surface as an unhandled 'error' on the broker.
  broker.on('clientError', () => {});
  broker.on('connectionError', () => {});

  const server: Server = createServer(broker.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.mqttPort, config.mqttHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await closeBroker(broker);
    throw new Error(
      `Embedded MQTT broker cannot listen on ${config.mqttHost}:${config.mqttPort}: ${(error as Error).message}` +
        ' (set MQTT_PORT to a free port, or MQTT_URL to use an external broker)',
      { cause: error },
    );
  }
  const port = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable on loopback; connecting to 0.0.0.0 itself is not portable.
  const connectHost =
    config.mqttHost === '0.0.0.0' ? '127.0.0.1' : config.mqttHost === '::' ? '::1' : config.mqttHost;

  const clientOptions: IClientOptions = {
    host: connectHost,
    port,
    protocol: 'mqtt',
    // Aedes 1.x speaks MQTT 3.1.1 only (it refuses protocol level 5 at CONNECT).
    protocolVersion: 4,
    clientId: serverClientId(),
    username: SERVER_MQTT_USERNAME,
    password: serverPassword,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: 5000,
  };
  let client: MqttClient;
  try {
    client = await connectAsync(clientOptions);
  } catch (error) {
    await closeServer(server);
    await closeBroker(broker);
    throw error;
  }
  const tracker = trackConnection(client);
  const where = `embedded broker mqtt://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    client,
    brokerPort: port,
    persistentSession: false,
    takeEarlyMessages: () => [],
    connectServiceClient: () =>
      connectAsync({ ...clientOptions, clientId: serverClientId(), reconnectPeriod: 0 }),
    describe: () => where,
    health: {
      name: 'mqtt',
      check: () => ({
        status: tracker.status(),
        detail: {
          mode: 'embedded',
          broker: where,
          connectedClients: broker.connectedClients,
          ...tracker.detail(),
        },
      }),
    },
    close() {
      closing ??= (async () => {
        await client.endAsync();
        // The broker first: it ends the device connections, which server.close() waits for.
        await closeBroker(broker);
        await closeServer(server);
      })();
      return closing;
    },
  };
}

function closeBroker(broker: Aedes): Promise<void> {
  return new Promise((resolve) => broker.close(() => resolve()));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
