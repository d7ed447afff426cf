// Imports that a build leaves to another file of dist/ instead of bundling (issue 17, item 5):
// each `source` imported by `importer` becomes an import of `target` (a path inside dist/),
// written relative to the chunk that holds it. `base` is the way from the build's outDir to
// dist/ ('' for dist itself, '../' for dist/bundle).
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export interface DistLink {
  /** The importing source file, relative to the repository root. */
  importer: string;
  /** The specifier as written there. */
  source: string;
  /** The file inside dist/ it becomes. */
  target: string;
}

const PREFIX = 'cpq-kit-dist-link:';

/** The elements' PDF download loads dist/pdf-element.js (renderer, pdf-lib and fontkit inside). */
export const PDF_ELEMENT: DistLink = { importer: 'src/components/quote-actions/pdf-download.ts', source: '../../pdf/render.js', target: 'pdf-element.js' };
/** The built-in Latin font's data: one chunk, shared by cpq-kit/pdf and dist/pdf-element.js. */
export const LATIN_FONT: DistLink = { importer: 'src/pdf/latin-font.ts', source: './latin-font-data.js', target: 'chunks/latin-font-data.js' };

export function distLinks(links: DistLink[], base = ''): Plugin {
  const byImporter = new Map(links.map((l) => [fileURLToPath(new URL(l.importer, import.meta.url)), l]));
  return {
    name: 'cpq-dist-links',
    enforce: 'pre',
    resolveId(source, importer) {
      const link = importer ? byImporter.get(importer) : undefined;
      return link && link.source === source ? { id: PREFIX + link.target, external: true } : null;
    },
    renderChunk(code, chunk) {
      if (!code.includes(PREFIX)) return null;
      const up = '../'.repeat(chunk.fileName.split('/').length - 1) + base;
      return { code: code.replace(new RegExp(`"${PREFIX}([^"]+)"`, 'g'), (_m, target: string) => JSON.stringify(`${up || './'}${target}`)), map: null };
    },
  };
}
