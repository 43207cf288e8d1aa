/**
 * The dashboard's build: `npm run build` writes it to dist/renderer, which `aimux serve` serves at
 * /ui/ and the desktop app loads. Asset URLs are relative (`./assets/…`) so the same build works
 * under /ui/ and from the desktop app's own origin. `vite --config renderer/vite.config.ts` runs it
 * against the fake API (renderer/dev/) for development.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

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
  server: { port: 5173, strictPort: false },
});
