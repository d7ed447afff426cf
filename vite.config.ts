// Library build: ES modules, one file per public entry point, every dependency external.
// Declarations come from `tsc -p tsconfig.build.json` into dist/types/ (run after this build,
// which empties dist/).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { distLinks, PDF_ELEMENT } from './vite.dist-links.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
// json-logic-js (CommonJS/UMD only) is a devDependency, so it is bundled, as ESM: the kit then loads
// in a browser with an import map and no bundler (issue 17). Its licence is in licenses/.
// The CLI and the quote service run in Node: its built-ins stay imports (Vite would stub them for a browser).
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

// pdf-lib and fontkit are optional peers, imported by `cpq-kit/pdf` (which says what to install
// when they are missing). The elements' PDF download must not make a host's bundler resolve them
// (a Vite build fails on an import it cannot resolve, even a dynamic one), so it loads
// dist/pdf-element.js instead: the renderer with pdf-lib and fontkit inside, built by
// vite.pdf-element.config.ts after this build. The Latin font's data is a chunk of a fixed name
// that both use.
export default defineConfig({
  plugins: [distLinks([PDF_ELEMENT])],
  root,
  publicDir: false,
  // The pricing worker (src/components/quote/pricing.worker.ts) is emitted beside the code and found
  // relative to it (`new URL('./assets/…', import.meta.url)`), wherever the package is served from.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // A library ships readable code; the host's bundler minifies.
    minify: false,
    sourcemap: true,
    lib: {
      entry: {
        index: 'src/index.ts',
        pricing: 'src/pricing/index.ts',
        contract: 'src/contract/index.ts',
        rules: 'src/rules/index.ts',
        quote: 'src/quote/index.ts',
        pdf: 'src/pdf/index.ts',
        server: 'src/server/index.ts',
        cli: 'src/cli/main.ts',
        // amountInWords alone (`cpq-kit/words`): no pdf-lib, no fontkit.
        words: 'src/pdf/amount-in-words.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      // `lit` and also `lit/decorators.js`, `decimal.js`, …: never bundled.
      external: (id) => builtins.has(id) || external.some((dep) => id === dep || id.startsWith(`${dep}/`)),
      output: { chunkFileNames: (chunk) => (chunk.name === 'latin-font-data' ? 'chunks/latin-font-data.js' : 'chunks/[name]-[hash].js') },
    },
  },
});
