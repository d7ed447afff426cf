// Demo pages: `npm start` (dev server), `npm run build:demo` (static build into demo-dist/).
// The pages run under the strict CSP below, in dev, preview and (by the host's own headers)
// production, so they must never need inline scripts or styles. `worker-src 'self'`: <cpq-quote>
// prices a big quote in a module Web Worker loaded from the page's own origin (no blob:, no eval).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws:";

const headers = { 'Content-Security-Policy': CSP };

// The demo's quote service (scripts/demo-service.mjs; `npm start` runs it beside the demo, under
// /api/cpq, with the demo's sign-in stand-in under /api/demo): same-origin for the pages.
const proxy = { '/api': `http://127.0.0.1:${process.env.CPQ_SERVICE_PORT ?? 8787}` };

const page = (name: string) => fileURLToPath(new URL(`./demo/${name}.html`, import.meta.url));

/** The demo pages: the CRM opportunity page, the customer portal, and React and Vue hosts. */
export const DEMO_PAGES = ['index', 'portal', 'react', 'vue'] as const;

export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  // Relative URLs in the built page: demo-dist/ works from any path on any static host.
  base: './',
  publicDir: 'public',
  server: { host: '127.0.0.1', port: 5173, headers, proxy },
  preview: { host: '127.0.0.1', port: 4173, headers, proxy },
  // Vue's esm-bundler build reads these flags; defined, it drops the options API and devtools
  // hooks (and does not warn). The runtime-only build has no template compiler: no `new Function`.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('./demo-dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets become data: URLs; fonts or scripts as data: would break the CSP.
    assetsInlineLimit: 0,
    sourcemap: true,
    rolldownOptions: {
      input: Object.fromEntries(DEMO_PAGES.map((name) => [name, page(name)])),
    },
  },
});
