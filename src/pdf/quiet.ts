/**
 * pdf-lib reports what it finds odd in a PDF it reads with `console.warn` and, inside its
 * Flate decoder, `console.log` — on the host's stdout in Node, in its console in a browser.
 * A library must not print: while `quietly` runs, those messages (and only those: anything
 * else logged meanwhile, by the host or another task, passes through) are dropped, and the
 * caller reports what matters as a located error.
 */

/** The messages pdf-lib 1.17 writes while parsing and decoding (PDFParser, BaseParser, FlateStream, PDFDocument). */
const PDF_LIB_MESSAGE = /^(Trying to parse invalid object|Invalid object ref|Removing parsed object|Parsed number that is too large|FLATE:|Removing XFA form data)/;

type Log = (...args: unknown[]) => void;
/** The console is not in the DOM-free lib the core is checked against, but every runtime has one. */
const host = globalThis as unknown as { console?: { log?: Log; warn?: Log } };

let depth = 0;
let saved: { log?: Log; warn?: Log } = {};
let installed: { log?: Log; warn?: Log } = {};

function filtered(original: Log | undefined): Log {
  return function (this: unknown, ...args: unknown[]): void {
    if (typeof args[0] === 'string' && PDF_LIB_MESSAGE.test(args[0])) return;
    original?.apply(host.console, args);
  };
}

/** Run `task` (sync or async) with pdf-lib's console messages dropped; nested and overlapping calls share one filter. */
export async function quietly<T>(task: () => T | Promise<T>): Promise<T> {
  const c = host.console;
  if (!c) return task();
  if (depth++ === 0) {
    saved = { log: c.log, warn: c.warn };
    installed = { log: filtered(c.log), warn: filtered(c.warn) };
    c.log = installed.log;
    c.warn = installed.warn;
  }
  try {
    return await task();
  } finally {
    if (--depth === 0) {
      // Put back only what is still ours: a host that replaced console.log meanwhile keeps its own.
      if (c.log === installed.log) c.log = saved.log;
      if (c.warn === installed.warn) c.warn = saved.warn;
      saved = installed = {};
    }
  }
}
