import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-device broker credentials: the device id is the username, the secret a 256-bit random
 * string issued once. Only its SHA-256 is stored — the secret has full entropy, so a slow
 * password hash would only slow down a reconnect storm of thousands of detectors.
 */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function deviceSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function deviceSecretMatches(
  storedHash: string | null | undefined,
  secret: string | Buffer | undefined,
): boolean {
  if (!storedHash || secret === undefined) return false;
  const given = Buffer.from(
    deviceSecretHash(Buffer.isBuffer(secret) ? secret.toString('utf8') : secret),
    'hex',
  );
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/** Looks up the stored hash of a device's secret; null for an unknown device or one without credentials. */
export type DeviceCredentialLookup = (deviceId: string) => Promise<string | null>;
