// dist/pdf-element.js: the quote renderer with pdf-lib and fontkit inside, for the elements' PDF
// download (<cpq-quote-actions>). pdf-lib and fontkit are optional peers of the package, imported
// only by `cpq-kit/pdf`; the elements must not make a host's bundler resolve them, so the
// library build (vite.config.ts) points their download at this file, which `npm run build` writes
// after it (that build empties dist/). Minified: it is mostly third-party code (licences in
// licenses/). The kit's other dependencies (decimal.js, …) stay imports, shared with the host.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
const external = Object.keys(pkg.dependencies ?? {});

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: { entry: { 'pdf-element': 'src/pdf/render.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: {
      external: (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`)),
      output: { chunkFileNames: 'chunks/pdf-element-[name]-[hash].js' },
    },
  },
});
