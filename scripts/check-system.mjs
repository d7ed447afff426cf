#!/usr/bin/env node
// Checks that the system programs the tests need are installed, and says how to install the
// missing ones. npm cannot provide them: Chromium runs the browser tests, poppler-utils
// (pdftotext, pdftoppm) and qpdf check the PDFs the kit renders.
//
//   node scripts/check-system.mjs                 checks all of them
//   node scripts/check-system.mjs chromium        checks only the named ones
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Program → how to find it and which Debian package provides it. */
const PROGRAMS = {
  // web-test-runner.config.js and the end-to-end scripts launch exactly this path.
  chromium: { path: '/usr/bin/chromium', pkg: 'chromium', label: 'Chromium' },
  pdftotext: { pkg: 'poppler-utils', label: 'pdftotext' },
  pdftoppm: { pkg: 'poppler-utils', label: 'pdftoppm' },
  qpdf: { pkg: 'qpdf', label: 'qpdf' },
};

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function found(name, spec) {
  if (spec.path) return isExecutable(spec.path);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && isExecutable(join(dir, name)));
}

const names = process.argv.slice(2);
for (const n of names) {
  if (!(n in PROGRAMS)) {
    console.error(`check-system: unknown program "${n}" (known: ${Object.keys(PROGRAMS).join(', ')})`);
    process.exit(2);
  }
}

const missing = (names.length ? names : Object.keys(PROGRAMS)).filter((n) => !found(n, PROGRAMS[n]));
if (missing.length === 0) process.exit(0);

const labels = missing.map((n) => PROGRAMS[n].label);
const pkgs = [...new Set(missing.map((n) => PROGRAMS[n].pkg))];
const what = labels.length === 1 ? `${labels[0]} is missing` : `${labels.join(', ')} are missing`;
const it = pkgs.length === 1 ? 'it' : 'them';
console.error(`${what}. Install ${it} with: apt-get update && apt-get install -y ${pkgs.join(' ')}`);
process.exit(1);
