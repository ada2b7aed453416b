import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type MqttClient } from 'mqtt';
import { mosquittoAclFile, mosquittoPasswordFile } from './broker-auth-files';
import { SERVER_MQTT_USERNAME } from './connection';
import { deviceSecretHash, deviceSecretMatches, newDeviceSecret } from './device-credentials';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find(
  (path) => spawnSync(path, ['-h']).error === undefined,
);

describe('device secret hashes', () => {
  it('match their own secret only, and are the format mosquitto_passwd writes', () => {
    const secret = newDeviceSecret();
    const hash = deviceSecretHash(secret);
    expect(hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(deviceSecretMatches(hash, secret)).toBe(true);
    expect(deviceSecretMatches(hash, `${secret}x`)).toBe(false);
    expect(deviceSecretMatches(hash, undefined)).toBe(false);
    expect(deviceSecretMatches('$7$99999999$AAAA$AAAA', secret)).toBe(false);
    expect(deviceSecretMatches(null, secret)).toBe(false);
  });

  it.skipIf(!spawnSync('mosquitto_passwd', ['-h']).stdout)(
    'verifies a hash written by mosquitto_passwd',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'sg-passwd-'));
      try {
        const file = join(dir, 'passwd');
        writeFileSync(file, '');
        spawnSync('mosquitto_passwd', ['-b', file, 'GD-000001', 'the-device-secret']);
        const line = spawnSync('cat', [file]).stdout.toString().trim();
        const hash = line.slice(line.indexOf(':') + 1);
        expect(deviceSecretMatches(hash, 'the-device-secret')).toBe(true);
        expect(deviceSecretMatches(hash, 'another')).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/** A real Mosquitto on a free port with the generated files: production mode's broker rules. */
describe.skipIf(!MOSQUITTO)('generated Mosquitto password and ACL files', () => {
  let broker: ChildProcess;
  let dir: string;
  let url: string;
  const secrets = { 'GD-000001': newDeviceSecret(), 'GD-000002': newDeviceSecret() };
  const serverPassword = newDeviceSecret();
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-mosquitto-'));
    // Started as root, Mosquitto drops to its own user, which must be able to read the files.
    chmodSync(dir, 0o755);
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    writeFileSync(
      join(dir, 'passwd'),
      mosquittoPasswordFile(
        Object.entries(secrets).map(([id, s]) => ({ id, secretHash: deviceSecretHash(s) })),
        deviceSecretHash(serverPassword),
      ),
    );
    writeFileSync(join(dir, 'acl'), mosquittoAclFile());
    chmodSync(join(dir, 'passwd'), 0o644);
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous false',
        `password_file ${join(dir, 'passwd')}`,
        `acl_file ${join(dir, 'acl')}`,
        'persistence false',
        '',
      ].join('\n'),
    );
    broker = spawn(MOSQUITTO!, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    url = `mqtt://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i += 1) {
      const up = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 500 }).then(
        (c) => c.endAsync(true).then(() => true),
        (e: { code?: unknown }) => typeof e.code === 'number',
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    broker?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const attempt = async (username?: string, password?: string) => {
    try {
      const c = await connectAsync(url, { username, password, reconnectPeriod: 0, connectTimeout: 2000 });
      clients.push(c);
      return c;
    } catch (error) {
      return (error as { code?: number }).code;
    }
  };

  it('admits each device with its own secret and the server account, nobody else', async () => {
    expect(typeof (await attempt('GD-000001', secrets['GD-000001']))).toBe('object');
    expect(typeof (await attempt(SERVER_MQTT_USERNAME, serverPassword))).toBe('object');
    expect(await attempt('GD-000001', secrets['GD-000002'])).toBeTypeOf('number');
    expect(await attempt('GD-000003', 'anything')).toBeTypeOf('number');
    expect(await attempt()).toBeTypeOf('number');
  });

  it("delivers a device's own telemetry to the server, never one under another device's id", async () => {
    const server = (await attempt(SERVER_MQTT_USERNAME, serverPassword)) as MqttClient;
    const received: string[] = [];
    server.on('message', (topic) => received.push(topic));
    await server.subscribeAsync('sg/v1/dev/+/telemetry', { qos: 1 });
    const device = (await attempt('GD-000001', secrets['GD-000001'])) as MqttClient;
    await device.publishAsync('sg/v1/dev/GD-000002/telemetry', '{}', { qos: 1 });
    await device.publishAsync('sg/v1/dev/GD-000001/telemetry', '{}', { qos: 1 });
    for (let i = 0; i < 50 && !received.includes('sg/v1/dev/GD-000001/telemetry'); i += 1) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(received).toEqual(['sg/v1/dev/GD-000001/telemetry']);
  });
});
