/**
 * Noto Sans SC for Node hosts, from the optional peer dependency @expo-google-fonts/noto-sans-sc
 * (OFL-1.1). The package is 92 MB (nine weights), so it is never imported statically: the
 * core stays free of Node and of the font, and a browser build never sees it. This module
 * reaches Node's fs through a computed specifier, which bundlers leave alone.
 */
const PACKAGE = '@expo-google-fonts/noto-sans-sc';
const FILE = `${PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`;

let cached: Promise<Uint8Array> | undefined;

interface NodeProcess {
  versions?: { node?: string };
}

/** Dynamic import whose specifier the type checker and bundlers do not follow. */
const load = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

/** import.meta as Node fills it in; the DOM-free lib of the core declares neither member. */
const meta = import.meta as { resolve?: (specifier: string) => string; url?: string };

async function fontPath(): Promise<string> {
  if (typeof meta.resolve === 'function') {
    const { fileURLToPath } = (await load('node:url')) as { fileURLToPath(url: string): string };
    return fileURLToPath(meta.resolve(FILE));
  }
  // Bundled server code may lack import.meta.resolve; Node's require resolution finds the same file.
  const { createRequire } = (await load('node:module')) as { createRequire(from: string): { resolve(id: string): string } };
  return createRequire(meta.url ?? '').resolve(FILE);
}

async function read(): Promise<Uint8Array> {
  if (typeof (globalThis as { process?: NodeProcess }).process?.versions?.node !== 'string') {
    throw new Error('loadNotoSansSC: runs in Node only; in the browser fetch a CJK font file (TTF/OTF) and pass its bytes as options.font');
  }
  let where: string;
  try {
    where = await fontPath();
  } catch {
    throw new Error(`loadNotoSansSC: ${PACKAGE} is not installed. Install it (npm install ${PACKAGE}@^0.4.3; an optional peer dependency, only its 10 MB Regular TTF is read) or pass any CJK TTF/OTF as options.font`);
  }
  const { readFile } = (await load('node:fs/promises')) as { readFile(path: string): Promise<Uint8Array> };
  const bytes = await readFile(where);
  // A Buffer is a Uint8Array already; a view avoids copying 10 MB.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The bytes of Noto Sans SC Regular for `renderQuotePdf(q, { font })`, read once per process.
 * Node only; throws a clear error when the optional package is not installed.
 */
export function loadNotoSansSC(): Promise<Uint8Array> {
  cached ??= read().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
