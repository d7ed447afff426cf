import type { QuotePdfOptions } from '../../pdf/options.js';
import type { PricedQuote } from '../../types.js';

/** The steps of making a PDF in the browser, for a progress display. */
export type PdfPhase = 'module' | 'font' | 'render';

const fonts = new Map<string, Promise<Uint8Array>>();

/** Font bytes from `url`, fetched once per page (the font is a few MB: never in the first chunk). */
function fontFrom(url: string): Promise<Uint8Array> {
  let font = fonts.get(url);
  if (!font) {
    font = fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    });
    font.catch(() => fonts.delete(url));
    fonts.set(url, font);
  }
  return font;
}

/** Whether the document will hold text beyond Latin-1 (Chinese names or labels): it then needs a CJK font. */
export function needsCjkFont(priced: PricedQuote, locale: string): boolean {
  return /^zh\b/i.test(locale) || /[^\u0000-\u00ff]/.test(JSON.stringify([priced.lines.map((l) => [l.name, l.unit]), priced.customer]));
}

/**
 * The quote PDF, made in the browser: pdf-lib and the renderer are loaded on first use (a
 * chunk of their own, never in `import 'cpq-kit'`), the font from `fontUrl` when the document
 * needs one. `onPhase` reports each step.
 */
export async function makeQuotePdf(priced: PricedQuote, options: QuotePdfOptions & { locale: string }, fontUrl: string | undefined, onPhase: (phase: PdfPhase) => void): Promise<Uint8Array> {
  onPhase('module');
  const { renderQuotePdf } = await import('../../pdf/render.js');
  let font = options.font;
  if (!font && fontUrl && needsCjkFont(priced, options.locale)) {
    onPhase('font');
    font = await fontFrom(fontUrl);
  }
  onPhase('render');
  // Let the progress text paint before the synchronous part of the rendering.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return renderQuotePdf(priced, { ...options, font });
}

/** Offer `bytes` as a file download named `name`. */
export function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
