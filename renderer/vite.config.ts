/**
 * The dashboard's build: `npm run build` writes it to dist/renderer, which `aimux serve` serves at
 * /ui/ and the desktop app loads. Asset URLs are relative (`./assets/…`) so the same build works
 * under /ui/ and from the desktop app's own origin. `npm run dev:ui` runs it against the fake API
 * (renderer/dev/); with VITE_AIMUX_API=http://127.0.0.1:4141 it proxies /api to that aimux instead
 * (open http://localhost:5173/#token=<admin token>).
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.VITE_AIMUX_API;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // Hashed file names: the server caches them as immutable.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 500,
  },
  server: {
    port: 5173,
    strictPort: false,
    // Same origin for the page: aimux refuses foreign Origins, so the dev proxy drops the header.
    ...(api ? { proxy: { '/api': { target: api, configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')) } } } : {}),
  },
});
