/**
 * Registers the service worker (`/sw.js`, made by the build) that keeps the app shell for
 * offline use. Production builds only: the dev server's modules are not cacheable that way.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('service worker registration failed', error);
    });
  });
}
