/** The device's position (navigator.geolocation), as a promise with an overall time limit. */

export interface DevicePosition {
  lat: number;
  lon: number;
  accuracy: number;
}

export type PositionFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

export class PositionError extends Error {
  constructor(readonly reason: PositionFailure) {
    super(reason);
    this.name = 'PositionError';
  }
}

let last: { position: DevicePosition; at: number } | null = null;

/** The last position this page load obtained, if it is at most `maxAgeMs` old. */
export function lastPosition(maxAgeMs = 10 * 60 * 1000): DevicePosition | null {
  return last && Date.now() - last.at <= maxAgeMs ? last.position : null;
}

export function getDevicePosition(
  options: { highAccuracy?: boolean; timeoutMs?: number; maxAgeMs?: number } = {},
): Promise<DevicePosition> {
  const { highAccuracy = true, timeoutMs = 15_000, maxAgeMs = 30_000 } = options;
  if (typeof navigator === 'undefined' || !navigator.geolocation) {
    return Promise.reject(new PositionError('unsupported'));
  }
  return new Promise<DevicePosition>((resolve, reject) => {
    // The browser's own timeout does not count the time the permission prompt is open.
    const guard = window.setTimeout(() => reject(new PositionError('timeout')), timeoutMs + 20_000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        window.clearTimeout(guard);
        const position = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy };
        last = { position, at: Date.now() };
        resolve(position);
      },
      (e) => {
        window.clearTimeout(guard);
        reject(
          new PositionError(
            e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable',
          ),
        );
      },
      { enableHighAccuracy: highAccuracy, timeout: timeoutMs, maximumAge: maxAgeMs },
    );
  });
}
