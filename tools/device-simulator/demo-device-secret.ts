import { createHmac } from 'node:crypto';

/**
 * Broker secrets of the demo city's devices, derivable by anyone from the device id: the demo
 * city is public, and so are these. The demo loader stores their hashes and the simulator logs in
 * with them. Real devices get random secrets from `POST /api/devices/{id}/credentials`.
 */
export function demoDeviceSecret(deviceId: string): string {
  return createHmac('sha256', 'safegrid-demo-device-secret').update(deviceId).digest('base64url');
}
