// dist/pdf-element.js: the quote renderer with pdf-lib and fontkit inside, for the elements' PDF
// download (<cpq-quote-actions>). pdf-lib and fontkit are optional peers of the package, imported
// only by `cpq-kit/pdf`; the elements must not make a host's bundler resolve them, so the
// library build (vite.config.ts) points their download at this file, which `npm run build` writes
// after it (that build empties dist/). Self-contained (decimal.js and @noble/hashes inside too),
// so that the self-contained bundle (dist/bundle/, no import map) loads the same file; mostly
// third-party code, minified (licences in licenses/).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { distLinks, LATIN_FONT } from './vite.dist-links.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  // The Latin font's data is the library build's chunk (dist/chunks/latin-font-data.js), not a copy.
  plugins: [distLinks([LATIN_FONT])],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: { entry: { 'pdf-element': 'src/pdf/render.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    // Vite keeps whitespace in an ES library build; this file is not meant to be read.
    rolldownOptions: { output: { minify: true } },
  },
});
