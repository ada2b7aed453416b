import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-device broker credentials: the device id is the username, the secret a 256-bit random
 * string issued once. What is stored is Mosquitto's own password-file hash (`$7$`: PBKDF2-SHA512,
 * 101 iterations, 12-byte salt), so the embedded broker checks it here and a production Mosquitto
 * reads the same hashes from the password file `npm run devices:broker-auth` writes. The low
 * iteration count is Mosquitto's default and enough for a full-entropy secret; a slow hash
 * would only slow down a reconnect storm of thousands of detectors.
 */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;
const FORMAT = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function deviceSecretHash(secret: string): string {
  const salt = randomBytes(SALT_BYTES);
  const key = pbkdf2Sync(secret, salt, ITERATIONS, KEY_BYTES, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function deviceSecretMatches(
  storedHash: string | null | undefined,
  secret: string | Buffer | undefined,
): boolean {
  if (!storedHash || secret === undefined) return false;
  const parts = FORMAT.exec(storedHash);
  if (!parts) return false;
  const iterations = Number(parts[1]);
  const stored = Buffer.from(parts[3]!, 'base64');
  // A stored row is data, not code: refuse parameters that would stall the broker.
  if (iterations < 1 || iterations > 100_000 || stored.length !== KEY_BYTES) return false;
  const given = pbkdf2Sync(secret, Buffer.from(parts[2]!, 'base64'), iterations, KEY_BYTES, 'sha512');
  return timingSafeEqual(stored, given);
}

/** Looks up the stored hash of a device's secret; null for an unknown device or one without credentials. */
export type DeviceCredentialLookup = (deviceId: string) => Promise<string | null>;
