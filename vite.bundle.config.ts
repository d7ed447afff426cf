// The self-contained bundle (issue 17): `import 'cpq-kit'` with every dependency inside, for a
// page with no bundler and no import map — `<script type="module" src=".../cpq-kit/dist/bundle/cpq-kit.js">`
// from the host's own copy or a CDN. Minified ES modules; the pure core (validator, pricing,
// decimal.js) and the PDF stack (pdf-lib, fontkit) stay in chunks loaded on demand, beside it.
// `npm run build` writes it into dist/bundle/ (after the library build, which empties dist/).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { distLinks, PDF_ELEMENT } from './vite.dist-links.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  // The pricing worker (src/components/quote/pricing.worker.ts) is emitted beside the code and found
  // relative to it (`new URL('./assets/…', import.meta.url)`), wherever the package is served from.
  base: './',
  // The PDF download loads dist/pdf-element.js (self-contained too: pdf-lib and fontkit inside),
  // the file the library's elements load, rather than a second copy of it here.
  plugins: [distLinks([PDF_ELEMENT], '../')],
  // Bundled code is production code: lit's production build, the kit's console diagnostics off
  // unless the page asks (setDiagnostics('console')).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/bundle',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: { entry: { 'cpq-kit': 'src/index.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});
