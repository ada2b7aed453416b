import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

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
  plugins: [react()],
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
