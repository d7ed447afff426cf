/** Every .html file under `dir`, sorted. */
export function htmlFiles(dir: string): string[];
/** What is still inline in a page's HTML: one message per problem (none: the page keeps the CSP). */
export function inlineProblems(html: string): string[];
/** Moves the inline scripts and style attributes of every page under `dist` into files; throws on what it cannot move. */
export function externalizeInline(dist: string, base?: string): { pages: number; scripts: number; scriptFiles: number; styles: number; classes: number };
