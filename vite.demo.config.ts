// Demo page: `npm start` (dev server), `npm run build:demo` (static build into demo-dist/).
// The page runs under the strict CSP below, in dev, preview and (by the host's own headers)
// production, so it must never need inline scripts or styles.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws:";

const headers = { 'Content-Security-Policy': CSP };

export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  // Relative URLs in the built page: demo-dist/ works from any path on any static host.
  base: './',
  publicDir: 'public',
  server: { host: '127.0.0.1', port: 5173, headers },
  preview: { host: '127.0.0.1', port: 4173, headers },
  build: {
    outDir: fileURLToPath(new URL('./demo-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets become data: URLs; fonts or scripts as data: would break the CSP.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
