import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built by `console-build.ts` (npm start / npm test), served by the consumer API at /console/.
// Everything is bundled: the page loads nothing from anywhere but its own origin.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
    target: 'es2022',
  },
});
