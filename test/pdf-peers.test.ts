// cpq-kit/pdf's optional peers (issue 17, item 5): which failures of loading the PDF stack mean
// "pdf-lib or fontkit is not installed", and the message that says so. The end-to-end case (a
// consumer without them) is in test/package.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingPeer, missingPeerMessage } from '../src/pdf/load-stack.js';
import pkg from '../package.json' with { type: 'json' };
import { PDF_PEERS } from '../src/pdf/load-stack.js';

const nodeError = (message: string, code = 'ERR_MODULE_NOT_FOUND') => Object.assign(new Error(message), { code });

test('a missing pdf-lib or fontkit is recognised as Node and browsers report it, anything else is not', () => {
  const cases: [unknown, string | undefined][] = [
    [nodeError("Cannot find package 'pdf-lib' imported from /app/node_modules/cpq-kit/dist/chunks/stack-x.js"), 'pdf-lib'],
    [nodeError("Cannot find package 'fontkit' imported from /app/node_modules/cpq-kit/dist/chunks/stack-x.js"), 'fontkit'],
    [nodeError("Cannot find module 'pdf-lib/cjs/index.js'", 'MODULE_NOT_FOUND'), 'pdf-lib'],
    [new TypeError('Failed to resolve module specifier "pdf-lib". Relative references must start with either "/", "./", or "../".'), 'pdf-lib'],
    // Another package missing, or a failure inside pdf-lib: not the peers' message.
    [nodeError("Cannot find package 'decimal.js' imported from /app/x.js"), undefined],
    [nodeError("Cannot find package 'pdf-lib-fork' imported from /app/x.js"), undefined],
    [new SyntaxError("The requested module 'pdf-lib' does not provide an export named 'PDFDocument'"), undefined],
    ['pdf-lib', undefined],
    [null, undefined],
  ];
  for (const [error, peer] of cases) assert.equal(missingPeer(error), peer, String(error instanceof Error ? error.message : error));
});

test('the message names the call, the missing peer and the install command with the package.json ranges', () => {
  assert.deepEqual(PDF_PEERS, { 'pdf-lib': pkg.peerDependencies['pdf-lib'], fontkit: pkg.peerDependencies.fontkit });
  assert.equal(missingPeerMessage('renderQuotePdf', 'fontkit'),
    `cpq-kit/pdf renderQuotePdf: needs fontkit, an optional peer dependency that is not installed: npm i pdf-lib@${pkg.peerDependencies['pdf-lib']} fontkit@${pkg.peerDependencies.fontkit}`);
});
