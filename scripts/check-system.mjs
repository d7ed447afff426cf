#!/usr/bin/env node
// Checks that the system programs the tests need are installed, and says how to install the
// missing ones. npm cannot provide them: Chromium runs the browser tests, Firefox ESR and WebKitGTK
// (webkit2gtk-driver, under xvfb) the demo in the other engines of the support matrix,
// poppler-utils (pdftotext, pdftoppm) and qpdf check the PDFs the kit renders.
//
//   node scripts/check-system.mjs                 checks all of them
//   node scripts/check-system.mjs chromium        checks only the named ones
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** Program → how to find it and which Debian package provides it. */
const PROGRAMS = {
  // web-test-runner.config.js and the end-to-end scripts launch exactly this path.
  chromium: { path: '/usr/bin/chromium', pkg: 'chromium', label: 'Chromium' },
  pdftotext: { pkg: 'poppler-utils', label: 'pdftotext' },
  pdftoppm: { pkg: 'poppler-utils', label: 'pdftoppm' },
  qpdf: { pkg: 'qpdf', label: 'qpdf' },
  // The support matrix's other engines (scripts/e2e-engines.mjs): Firefox ESR, and WebKit as
  // WebKitGTK's MiniBrowser (shipped by webkit2gtk-driver's library) driven by WebKitWebDriver
  // in an Xvfb display.
  'firefox-esr': { path: '/usr/bin/firefox-esr', pkg: 'firefox-esr', label: 'Firefox ESR' },
  WebKitWebDriver: { path: '/usr/bin/WebKitWebDriver', pkg: 'webkit2gtk-driver', label: 'WebKitWebDriver' },
  Xvfb: { pkg: 'xvfb', label: 'Xvfb' },
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
  if (!(n in PROGRAMS) && n !== 'postgres') {
    console.error(`check-system: unknown program "${n}" (known: ${Object.keys(PROGRAMS).join(', ')})`);
    process.exit(2);
  }
}

/**
 * The store tests use a real PostgreSQL server: `CPQ_TEST_PG` (a connection string to a database
 * whose user may create databases), else the one on 127.0.0.1:5432 as user postgres.
 */
async function postgresAnswers() {
  const url = new URL(process.env.CPQ_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return answers(url.hostname, Number(url.port || 5432));
}

/** Whether something accepts a TCP connection on host:port within 2 s. */
function answers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const checkPostgres = names.length === 0 || names.includes('postgres');
const programs = (names.length ? names : Object.keys(PROGRAMS)).filter((n) => n !== 'postgres');
if (checkPostgres && !(await postgresAnswers())) {
  console.error(
    'PostgreSQL is not answering on 127.0.0.1:5432 (the store tests need a real server). Install and start one with: ' +
    'apt-get update && apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, ' +
    'then give user postgres a password and set CPQ_TEST_PG=postgres://postgres:<password>@127.0.0.1:5432/postgres (.ci/run does all of this).',
  );
  process.exit(1);
}
if (checkPostgres && !(await answers('127.0.0.1', 4222))) {
  console.error(
    'NATS is not answering on 127.0.0.1:4222 (the NATS JetStream delivery tests need a real server). Install and start one with: ' +
    'apt-get update && apt-get install -y nats-server && nats-server -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server & (.ci/run does this).',
  );
  process.exit(1);
}
const missing = programs.filter((n) => !found(n, PROGRAMS[n]));
if (missing.length === 0) process.exit(0);

const labels = missing.map((n) => PROGRAMS[n].label);
const pkgs = [...new Set(missing.map((n) => PROGRAMS[n].pkg))];
const what = labels.length === 1 ? `${labels[0]} is missing` : `${labels.join(', ')} are missing`;
const it = pkgs.length === 1 ? 'it' : 'them';
console.error(`${what}. Install ${it} with: apt-get update && apt-get install -y ${pkgs.join(' ')}`);
process.exit(1);
