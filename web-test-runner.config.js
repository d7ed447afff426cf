// Browser tests: test/browser/**/*.test.ts in Debian's Chromium (apt package `chromium`).
// See /work/shared/TOOLCHAIN.md for why each piece is here.
import { chromeLauncher } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { orderEndpoint } from './test/browser/support/order-endpoint.mjs';
import { quoteService } from './test/browser/support/quote-service.mjs';

const commonjs = fromRollup(rollupCommonjs);
// fontkit's CommonJS dependencies, for tests that render a PDF in the browser (the renderer's chunk).
const FONTKIT_CJS = ['base64-js', 'brotli', 'clone', 'tiny-inflate', 'fast-deep-equal', 'unicode-trie', 'dfa'].map((p) => `**/node_modules/${p}/**`);

export default {
  rootDir: '.',
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
  // A scriptable order receiver for the outbox tests (test/browser/support/order-endpoint.mjs), and
  // the real quote service under /api/cpq behind a fault injector (test/browser/support/quote-service.mjs).
  middleware: [orderEndpoint(), quoteService()],
  // @open-wc/testing loads lit's development build, which announces itself in every file.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].includes('Lit is in dev mode')),
  browsers: [
    // CHROME_PATH alone is not enough: as root Chromium refuses to start without --no-sandbox.
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  plugins: [
    {
      // pdf-lib's default ESM build imports CommonJS pako and breaks in the browser;
      // its single-file ESM bundle has pako inlined.
      name: 'pdf-lib-esm-bundle',
      resolveImport({ source }) {
        if (source === 'pdf-lib') return '/node_modules/pdf-lib/dist/pdf-lib.esm.js';
        return undefined;
      },
    },
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    // json-logic-js is CommonJS. The default strictRequires wrapping breaks it. A require of a
    // file the plugin has not seen as CommonJS yet (unicode-trie's ./swap) returns its default.
    commonjs({ strictRequires: false, requireReturnsDefault: 'preferred', include: ['**/node_modules/json-logic-js/**', ...FONTKIT_CJS] }),
  ],
};
