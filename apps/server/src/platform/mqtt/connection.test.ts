import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Client as BrokerClient, PublishPacket } from 'aedes';
import { connectAsync } from 'mqtt';
import { createDevicePublishPolicy, startMqtt } from './connection';
import { deviceSecretHash, newDeviceSecret } from './device-credentials';

const SECRETS: Record<string, string> = { 'GD-000001': newDeviceSecret(), 'GD-000002': newDeviceSecret() };
const deviceCredentials = async (id: string) => (SECRETS[id] ? deviceSecretHash(SECRETS[id]) : null);

const authorize = (username: string | undefined, topic: string) =>
  new Promise<boolean>((resolve) => {
    const policy = createDevicePublishPolicy(() => username);
    const packet = { cmd: 'publish', topic, payload: Buffer.from('x'), qos: 0, retain: false, dup: false };
    policy({ id: 'c1' } as BrokerClient, packet as PublishPacket, (error) => resolve(!error));
  });

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('device publish policy', () => {
  it('lets a device publish only under its own id', async () => {
    expect(await authorize('GD-000001', 'sg/v1/dev/GD-000001/telemetry')).toBe(true);
    expect(await authorize('GD-000001', 'sg/v1/dev/GD-000001/status')).toBe(true);
    expect(await authorize('GD-000001', 'sg/v1/dev/GD-000002/telemetry')).toBe(false);
    // A prefix of another id is not the same device.
    expect(await authorize('GD-00000', 'sg/v1/dev/GD-000001/telemetry')).toBe(false);
    expect(await authorize('GD-000001', 'sg/v1/cmd/GD-000001')).toBe(false);
  });

  it('leaves the server account alone but guards $SYS', async () => {
    expect(await authorize('safegrid-server', 'sg/v1/anything')).toBe(true);
    expect(await authorize(undefined, '$SYS/broker/uptime')).toBe(false);
  });
});

describe('device credentials on the embedded broker', () => {
  it('admits a device only with its own secret, and nobody anonymous', async () => {
    const mqtt = await startMqtt(
      { mqttUrl: undefined, mqttPort: 0, mqttHost: '127.0.0.1' },
      { deviceCredentials },
    );
    const url = `mqtt://127.0.0.1:${mqtt.brokerPort}`;
    const attempt = async (options: { username?: string; password?: string }) => {
      try {
        const c = await connectAsync(url, { ...options, reconnectPeriod: 0, connectTimeout: 2000 });
        await c.endAsync(true);
        return 'connected';
      } catch (error) {
        return (error as { code?: number }).code === 4 ? 'refused' : `error: ${(error as Error).message}`;
      }
    };
    try {
      expect(await attempt({ username: 'GD-000001', password: SECRETS['GD-000001'] })).toBe('connected');
      expect(await attempt({ username: 'GD-000001', password: SECRETS['GD-000002'] })).toBe('refused');
      expect(await attempt({ username: 'GD-000001' })).toBe('refused');
      expect(await attempt({ username: 'GD-999999', password: 'anything' })).toBe('refused');
      expect(await attempt({})).toBe('refused');
      expect(await attempt({ username: 'safegrid-server', password: 'guess' })).toBe('refused');
    } finally {
      await mqtt.close();
    }
  });
});

describe('embedded broker', () => {
  it('binds port 0, reports the real port, carries messages and closes cleanly', async () => {
    const mqtt = await startMqtt(
      { mqttUrl: undefined, mqttPort: 0, mqttHost: '127.0.0.1' },
      { deviceCredentials },
    );
    try {
      expect(mqtt.brokerPort).toBeGreaterThan(0);
      expect(mqtt.brokerPort).not.toBe(1883);
      expect(mqtt.describe()).toBe(`embedded broker mqtt://127.0.0.1:${mqtt.brokerPort}`);
      expect(await mqtt.health.check()).toMatchObject({ status: 'up', detail: { mode: 'embedded' } });

      const received: string[] = [];
      mqtt.client.on('message', (topic, payload) => received.push(`${topic}=${payload.toString()}`));
      await mqtt.client.subscribeAsync('sg/v1/dev/+/status', { qos: 1 });

      const device = await connectAsync(`mqtt://127.0.0.1:${mqtt.brokerPort}`, {
        username: 'GD-000001',
        password: SECRETS['GD-000001'],
        reconnectPeriod: 0,
      });
      await device.publishAsync('sg/v1/dev/GD-000001/status', 'online', { qos: 1 });
      await waitFor(() => received.includes('sg/v1/dev/GD-000001/status=online'));

      // Forging another device's topic gets the connection dropped and nothing delivered.
      const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
      device.publish('sg/v1/dev/GD-000002/status', 'online', { qos: 0 });
      await closed;
      await device.endAsync(true);
      await mqtt.client.publishAsync('sg/v1/dev/GD-000003/status', 'offline', { qos: 1 });
      await waitFor(() => received.includes('sg/v1/dev/GD-000003/status=offline'));
      expect(received.some((m) => m.startsWith('sg/v1/dev/GD-000002/'))).toBe(false);
    } finally {
      await mqtt.close();
    }
    expect((await mqtt.health.check()).status).toBe('down');
    // The port is free again: nothing keeps listening after close().
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once('error', reject);
      probe.listen(mqtt.brokerPort, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });

  it('explains a port that is already taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(
        startMqtt({ mqttUrl: undefined, mqttPort: port, mqttHost: '127.0.0.1' }, { deviceCredentials }),
      ).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+.*MQTT_PORT/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('external broker', () => {
  it('starts without a reachable broker, reports down, and hides credentials', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve)); // now nothing listens there

    const mqtt = await startMqtt(
      { mqttUrl: `mqtt://ingest:s3cret@127.0.0.1:${port}`, mqttPort: 0, mqttHost: '127.0.0.1' },
      { firstConnectTimeoutMs: 200, reconnectPeriodMs: 50, deviceCredentials },
    );
    try {
      expect(mqtt.brokerPort).toBeUndefined();
      expect(mqtt.describe()).toBe(`external broker mqtt://127.0.0.1:${port}`);
      const health = await mqtt.health.check();
      expect(health.status).toBe('down');
      expect(JSON.stringify(health)).not.toContain('s3cret');
    } finally {
      await mqtt.close();
    }
  });

  it.skipIf(!process.env.SAFEGRID_TEST_MQTT_URL)('connects to the real broker with MQTT 5', async () => {
    const mqtt = await startMqtt(
      { mqttUrl: process.env.SAFEGRID_TEST_MQTT_URL, mqttPort: 0, mqttHost: '127.0.0.1' },
      { deviceCredentials },
    );
    try {
      expect(mqtt.client.options.protocolVersion).toBe(5);
      expect((await mqtt.health.check()).status).toBe('up');
    } finally {
      await mqtt.close();
    }
  });
});
