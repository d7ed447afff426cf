// What `cpq-kit/pdf` loads on first use: the renderer and the reader, which import pdf-lib and
// fontkit (optional peer dependencies). See ./index.ts.
export { renderQuotePdf } from './render.js';
export { readQuoteFromPdf } from './attach.js';
