/** Prose for a VitePress page: tags and braces escaped outside code spans, one line. */
export function prose(text?: string): string;
/** The custom elements the manifest declares, sorted by tag, with their module path. */
export function manifestElements(manifest: unknown): any[];
/** One element's reference page (Markdown). */
export function elementPage(el: unknown): string;
/** The index of the elements reference (Markdown). */
export function elementsIndex(elements: unknown[]): string;
/** The catalog reference from the catalog JSON Schema (Markdown). */
export function catalogReference(schema: unknown): string;
/** Writes the generated pages under `siteDir`; returns the element tags. */
export function writeGeneratedPages(root: string, siteDir: string): string[];
