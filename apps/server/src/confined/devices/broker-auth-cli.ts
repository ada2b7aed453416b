import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config';
import { openDatabase } from '../../platform/db/database';
import { mosquittoAclFile, mosquittoPasswordFile } from '../../platform/mqtt/broker-auth-files';
import { deviceSecretHash } from '../../platform/mqtt/device-credentials';
import { createDeviceRepository } from './device.repository';

/**
 * `npm run devices:broker-auth -- --out-dir DIR`: writes Mosquitto's `passwd` and `acl` from the
 * device registry of the configured database. Point mosquitto.conf at them (`password_file`,
 * `acl_file`, `allow_anonymous false`) and send the broker SIGHUP after issuing credentials.
 * SAFEGRID_MQTT_SERVER_PASSWORD adds the server's own account (use the same password in MQTT_URL).
 */
async function main() {
  const at = process.argv.indexOf('--out-dir');
  const outDir = at > 0 ? process.argv[at + 1] : undefined;
  if (!outDir) throw new Error('usage: npm run devices:broker-auth -- --out-dir <directory>');
  const database = await openDatabase(loadConfig());
  try {
    const devices = await createDeviceRepository(database.db).listSecretHashes();
    const serverPassword = process.env.SAFEGRID_MQTT_SERVER_PASSWORD;
    const dir = resolve(outDir);
    mkdirSync(dir, { recursive: true });
    const passwd = join(dir, 'passwd');
    writeFileSync(
      passwd,
      mosquittoPasswordFile(devices, serverPassword ? deviceSecretHash(serverPassword) : undefined),
    );
    // Not world-readable; give the broker's group read access (chgrp mosquitto) where it runs.
    chmodSync(passwd, 0o640);
    writeFileSync(join(dir, 'acl'), mosquittoAclFile());
    process.stdout.write(
      `${JSON.stringify({ passwordFile: passwd, aclFile: join(dir, 'acl'), devices: devices.length, serverAccount: Boolean(serverPassword) })}\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`devices:broker-auth: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
