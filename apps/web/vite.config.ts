import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Files of `public/` the installed app needs offline (copied to the dist root by Vite). */
const PUBLIC_SHELL = ['/manifest.webmanifest', '/icon.svg', '/icon-maskable.svg'];

/**
 * Emits `sw.js` from `pwa/sw.js` with the list of every built file (index.html, the hashed
 * assets) to precache and a version made from those names, so each build installs a new worker
 * that replaces the old cache. Build only; `src/shell/registerServiceWorker.ts` registers it.
 */
function safegridServiceWorker(): Plugin {
  return {
    name: 'safegrid-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle)
        .filter((name) => name !== 'index.html' && !name.endsWith('.map'))
        .map((name) => `/${name}`)
        .sort();
      const files = ['/index.html', ...PUBLIC_SHELL, ...built];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const template = readFileSync(fileURLToPath(new URL('./pwa/sw.js', import.meta.url)), 'utf8');
      const source = template
        .replace("'dev'; /* __SAFEGRID_VERSION__ */", `${JSON.stringify(version)};`)
        .replace('[]; /* __SAFEGRID_PRECACHE__ */', `${JSON.stringify(files)};`);
      if (source === template) this.error('pwa/sw.js: placeholders not found');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/** Vendor groups so the app's own code changes without invalidating the big libraries. */
const VENDOR_GROUPS: { name: string; test: RegExp }[] = [
  { name: 'leaflet', test: /[\\/]node_modules[\\/]leaflet[\\/]/ },
  {
    name: 'react',
    test: /[\\/]node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
  },
  // The date picker and dayjs load only with the pages that use them (the document forms).
  { name: 'antd-picker', test: /[\\/]node_modules[\\/](@rc-component[\\/]picker|dayjs)[\\/]/ },
  {
    name: 'antd',
    test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs|stylis|classnames|clsx)[\\/]/,
  },
];

export default defineConfig({
  plugins: [react(), safegridServiceWorker()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
});
