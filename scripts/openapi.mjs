#!/usr/bin/env node
// `npm run openapi`: writes schemas/openapi.json, the quote service's OpenAPI 3.1 document (the
// same one the service serves at /openapi.json), from the routes' own schemas. The package ships
// it (`cpq-kit/schemas/openapi.json`); test/server-api.test.ts fails when it is stale.
// Run with `node --import tsx` (the service is the kit's own TypeScript).
import { writeFileSync } from 'node:fs';
import { createQuoteService, createSqliteStore } from '../src/server/index.ts';

const store = await createSqliteStore({ file: ':memory:' });
const app = await createQuoteService({ store, auth: { secret: 'x'.repeat(32) }, shareLinks: { secret: 'y'.repeat(32) } });
await app.ready();
const file = new URL('../schemas/openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
console.log(`openapi: ${file.pathname}`);
