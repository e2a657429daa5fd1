/** @module Build of the web apps: scoreboard at `/`, race control at `/control/`, the streaming overlay at `/overlay/`, the cloud portal at `/portal/` and its admin console at `/portal/admin/`, shared hashed assets under `/assets/`. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Absolute asset URLs, so the same files work for `/` and for `/control/`.
  base: '/',
  // The box has no internet and serves only what is in dist/: nothing to copy from a public folder.
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `vite --config web/vite.config.ts` serves the pages at /scoreboard/ and /control/ against a box on this machine.
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    rolldownOptions: {
      // Code both apps share lands in one chunk; without a name it would borrow a component's.
      output: { chunkFileNames: 'assets/common-[hash].js' },
      input: {
        scoreboard: fileURLToPath(new URL('./scoreboard/index.html', import.meta.url)),
        control: fileURLToPath(new URL('./control/index.html', import.meta.url)),
        overlay: fileURLToPath(new URL('./overlay/index.html', import.meta.url)),
        portal: fileURLToPath(new URL('./portal/index.html', import.meta.url)),
        'portal-admin': fileURLToPath(new URL('./portal-admin/index.html', import.meta.url)),
      },
    },
  },
});
