import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The Ed25519 key unlock tokens are signed with. Every process of one installation must use the
 * same key (locks hold its public half), so it lives in a file: created on first start (mode 0600,
 * never overwritten), or provisioned by the operator at UNLOCK_SIGNING_KEY_FILE.
 */
export function loadOrCreateSigningKey(path: string): KeyObject {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    // 'wx': a second process starting at the same moment must not replace the first one's key.
    try {
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = createPrivateKey(readFileSync(path, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `${path} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; unlock tokens need Ed25519`,
    );
  }
  return key;
}
