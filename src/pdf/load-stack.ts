/**
 * pdf-lib and fontkit are optional peer dependencies (a Node host that only prices does not
 * install 24 MB of PDF code): `cpq-kit/pdf` loads them, with the renderer, on the first call of
 * `renderQuotePdf` or `readQuoteFromPdf`. When one is missing the call rejects with a located
 * message that says what to install, instead of Node's bare "Cannot find package 'pdf-lib'" when
 * the module is imported.
 */
export type PdfStack = typeof import('./stack.js');

/** The peers and the ranges the kit is tested with (package.json's peerDependencies). */
export const PDF_PEERS = { 'pdf-lib': '^1.17.1', fontkit: '^2.0.4' } as const;

let stack: Promise<PdfStack> | undefined;

/** The install command, and which peer is missing when `error` says so (else undefined). */
export function missingPeer(error: unknown): string | undefined {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : '';
  if (!/MODULE_NOT_FOUND|Cannot find (package|module)|Failed to resolve module specifier|Failed to fetch dynamically imported module/i.test(text)) return undefined;
  return Object.keys(PDF_PEERS).find((name) => new RegExp(`['"\`]${name}(['"\`/]|$)`).test(error instanceof Error ? error.message : ''));
}

/** The message of a call of `fn` when peer `name` is not installed. */
export function missingPeerMessage(fn: string, name: string): string {
  const install = Object.entries(PDF_PEERS).map(([n, range]) => `${n}@${range}`).join(' ');
  return `cpq-kit/pdf ${fn}: needs ${name}, an optional peer dependency that is not installed: npm i ${install}`;
}

/** The renderer and reader, loaded once; `fn` names the caller in the error when a peer is missing. */
export function loadPdfStack(fn: string): Promise<PdfStack> {
  const loading = (stack ??= import('./stack.js'));
  return loading.catch((error: unknown) => {
    stack = undefined;
    const name = missingPeer(error);
    throw name ? Object.assign(new Error(missingPeerMessage(fn, name), { cause: error }), { code: 'ERR_CPQ_PDF_PEER_MISSING', peer: name }) : error;
  });
}
